package lint

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Kind names one defect.
type Kind string

// The defect kinds.
const (
	DoubledWord  Kind = "doubled-word"
	WasWas       Kind = "was-was"
	Empty        Kind = "empty"
	LongQuote    Kind = "long-quote"
	LongSentence Kind = "long-sentence"
	Repeated     Kind = "repeated"
	NotInSource  Kind = "not-in-source"
	American     Kind = "american"
	SelfWeighed  Kind = "self-weighed"
)

// Limits of the checks.
const (
	// MaxQuoteWords is the longest quotation, in words, before it must be
	// cut short with an ellipsis (the ellipsis itself does not count).
	MaxQuoteWords = 15
	// MaxSentenceWords is the longest sentence, quotations included.
	MaxSentenceWords = 45
)

// Item is one text to check and where it came from ("ebi[1]").
type Item struct {
	Where string
	Text  string
	// Suggestions are replacements offered with a finding; each must be
	// visible text.
	Suggestions []string
	// Mentions marks a text about words as words (a spelling note: “loosing”
	// means “setting free”): its quotations of up to three words need not
	// come from the essay.
	Mentions bool
}

// Defect is one problem found.
type Defect struct {
	Kind   Kind
	Where  string
	Detail string
}

func (d Defect) String() string { return fmt.Sprintf("%s: %s: %s", d.Where, d.Kind, d.Detail) }

// Check checks items that belong together (one report's feedback lists, or
// one finding's message). Every quotation must come from one of sources
// (the essay, the question), except one that follows "→", which is a
// suggested replacement. Items in the same call must not repeat each other
// when distinct is set.
func Check(items []Item, distinct bool, sources ...string) []Defect {
	norm := make([]string, len(sources))
	for i, s := range sources {
		norm[i] = flat(s)
	}
	var out []Defect
	for _, it := range items {
		out = append(out, checkOne(it, norm)...)
	}
	if distinct {
		out = append(out, repeats(items)...)
	}
	return out
}

// quoteRE finds curly-quoted spans; quotations in feedback always use them.
var quoteRE = regexp.MustCompile(`“([^”]*)”`)

func checkOne(it Item, sources []string) []Defect {
	var out []Defect
	bad := func(k Kind, format string, a ...any) {
		out = append(out, Defect{Kind: k, Where: it.Where, Detail: fmt.Sprintf(format, a...)})
	}
	text := it.Text
	if strings.TrimSpace(text) == "" {
		bad(Empty, "no text")
		return out
	}
	for _, s := range it.Suggestions {
		if strings.TrimSpace(s) == "" {
			bad(Empty, "suggestion %q is invisible; describe it in words", s)
		}
	}
	model, prevEnd := false, -1
	for _, m := range quoteRE.FindAllStringSubmatchIndex(text, -1) {
		q := text[m[2]:m[3]]
		// A model phrase for the student to use is introduced as one ("such
		// as “this meant that”", "(“more important than…”)"), and so is
		// each quotation listed after it.
		before := strings.ToLower(text[max(0, m[0]-14):m[0]])
		switch {
		case prevEnd >= 0 && listGlue[strings.TrimSpace(text[prevEnd:m[0]])]:
		default:
			model = false
			for _, intro := range modelIntros {
				if strings.HasSuffix(strings.TrimRight(before, " "), intro) {
					model = true
				}
			}
		}
		prevEnd = m[1]
		body := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(q), "…"))
		body = strings.TrimSpace(strings.TrimPrefix(body, "…"))
		if strings.Trim(body, " .,;:!?-–—'\"") == "" {
			bad(Empty, "quotation %q has nothing to read", q)
			continue
		}
		if n := len(strings.Fields(body)); n > MaxQuoteWords {
			bad(LongQuote, "quotation of %d words: %.40q", n, q)
		}
		suggestion := strings.HasSuffix(strings.TrimSpace(text[:m[0]]), "→")
		// A quotation with a gap inside ("Another reason … was …") is a
		// sentence frame to fill in, not the essay's words.
		frame := strings.Contains(body, " … ") || strings.Contains(body, " …,")
		mention := it.Mentions && len(strings.Fields(body)) <= 3
		if !suggestion && !frame && !mention && !model && len(sources) > 0 && !inAny(body, sources) {
			bad(NotInSource, "%q is not in the essay or the question", body)
		}
	}
	// The prose is checked with each quotation replaced by a placeholder, so
	// a student's own doubled word or spelling is not held against Clio.
	prose := quoteRE.ReplaceAllString(text, "“Q”")
	if m := emptyTailRE.FindString(prose); m != "" {
		bad(Empty, "nothing follows %q", strings.TrimSpace(m))
	}
	words := wordsOf(prose)
	for _, clause := range clauseRE.Split(prose, -1) {
		cw := wordsOf(clause)
		for i := 1; i < len(cw); i++ {
			if cw[i] != "q" && cw[i] == cw[i-1] && !isNumber(cw[i]) {
				bad(DoubledWord, "%q twice", cw[i])
			}
		}
		n := 0
		for _, w := range wordsOf(clause) {
			if w == "was" {
				n++
			}
		}
		if n >= 2 {
			bad(WasWas, "%q", strings.TrimSpace(clause))
		}
	}
	for _, s := range sentences(text) {
		if n := len(strings.Fields(s)); n > MaxSentenceWords {
			bad(LongSentence, "sentence of %d words: %.60q", n, s)
		}
	}
	for _, m := range weighRE.FindAllStringSubmatch(prose, -1) {
		if sameThing(m[1], m[2]) {
			bad(SelfWeighed, "%q weighed against %q", m[1], m[2])
		}
	}
	for _, w := range words {
		if gb, ok := american[w]; ok {
			bad(American, "%q is American; write %q", w, gb)
		} else if gb, ok := americanStem(w); ok {
			bad(American, "%q is American; write %q", w, gb)
		}
	}
	return out
}

// weighRE finds one thing weighed against another.
var weighRE = regexp.MustCompile(`(?i)(?:about|was|did|whether) ([^,;:?.]+?) (?:against what you say about|more important than|matter more than|or) ([^,;:?.]+?)(?: the more important|[,;:?.]|$)`)

// sameThing reports whether two names stand for the same thing: equal, or
// one inside the other ("Weimar" and "the Weimar Republic").
func sameThing(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSpace(a)), strings.ToLower(strings.TrimSpace(b))
	for _, art := range []string{"the ", "a ", "an "} {
		a, b = strings.TrimPrefix(a, art), strings.TrimPrefix(b, art)
	}
	if a == "" || b == "" {
		return false
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// modelIntros introduce a model phrase; listGlue joins it to the next.
var (
	modelIntros = []string{"such as", "for example", "for example:", "e.g.", "like", "(", "phrases:"}
	listGlue    = map[string]bool{",": true, "or": true, "and": true, ", or": true, ", and": true}
)

// emptyTailRE is a colon (a "Try:" or "e.g.:") with nothing visible after it
// before the sentence ends.
var emptyTailRE = regexp.MustCompile(`[^\s:]+:\s*[.;]?\s*$|[^\s:]+:\s*[.;]\s`)

// clauseRE splits prose into clauses.
var clauseRE = regexp.MustCompile(`[,;:.?!()—–]`)

func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// sentences splits text at sentence ends outside quotations.
func sentences(text string) []string {
	var out []string
	var b strings.Builder
	inQuote := false
	rs := []rune(text)
	for i, r := range rs {
		b.WriteRune(r)
		switch r {
		case '“':
			inQuote = true
		case '”':
			inQuote = false
		case '.', '?', '!':
			if !inQuote && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
				out = append(out, strings.TrimSpace(b.String()))
				b.Reset()
			}
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// flat is s with its whitespace collapsed and its quotation marks made
// straight, so a quotation tidied for feedback still matches.
func flat(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func inAny(q string, sources []string) bool {
	q = flat(q)
	for _, s := range sources {
		if strings.Contains(s, q) {
			return true
		}
	}
	return false
}

// repeats reports pairs of items that give the same advice: nearly the same
// words.
func repeats(items []Item) []Defect {
	var out []Defect
	keys := make([]map[string]bool, len(items))
	for i, it := range items {
		keys[i] = map[string]bool{}
		// Quoted words and numbers count: two date fixes or two paragraphs
		// to support are different advice.
		for _, w := range wordsOf(it.Text) {
			if !stop[w] {
				keys[i][w] = true
			}
		}
	}
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if same(keys[i], keys[j]) {
				out = append(out, Defect{Kind: Repeated, Where: items[j].Where,
					Detail: fmt.Sprintf("says what %s says: %.60q", items[i].Where, items[j].Text)})
			}
		}
	}
	return out
}

// same reports whether two word sets overlap by at least 80% of the smaller
// (and share at least three words).
func same(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 3 {
		return false
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) >= 0.8*float64(len(a))
}

var stop = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "of": true, "to": true, "in": true, "it": true,
	"that": true, "is": true, "this": true, "your": true, "you": true, "q": true, "for": true, "with": true,
	"on": true, "or": true, "as": true, "be": true, "its": true, "by": true, "at": true, "what": true,
}
