package mechanics

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/language"
)

// CodeSpacing is the finding code for a space missing or misplaced at
// punctuation.
const CodeSpacing = "mechanics.punctuation-spacing"

// Name is the analyzer's name: its code and metric begin with it and a dot.
const Name = "mechanics"

// MetricSpacing counts CodeSpacing findings.
const MetricSpacing = "mechanics.punctuation_spacing"

// Analyzer checks the spacing around punctuation. It has no state and is
// safe for concurrent use.
type Analyzer struct{}

// New returns the analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return Name }

// Analyze implements analysis.Analyzer.
func (*Analyzer) Analyze(ctx context.Context, doc *analysis.Document, _ analysis.Task) (analysis.Output, error) {
	if doc == nil {
		return analysis.Output{}, fmt.Errorf("mechanics: no document")
	}
	var out analysis.Output
	// Other languages space their punctuation otherwise ("Pourquoi ?"); the
	// spelling analyzer reports an essay in another language once.
	if _, english := language.Guess(doc); !english {
		out.Metrics = map[string]float64{MetricSpacing: 0}
		return out, nil
	}
	for pi, p := range doc.Paragraphs {
		if pi%64 == 0 {
			if err := ctx.Err(); err != nil {
				return analysis.Output{}, fmt.Errorf("mechanics: %w", err)
			}
		}
		if looksLikeCode(p.In(doc.Text)) {
			continue
		}
		out.Findings = append(out.Findings, spacing(doc.Text, p.Span)...)
	}
	out.Metrics = map[string]float64{MetricSpacing: float64(len(out.Findings))}
	return out, nil
}

// looksLikeCode reports a paragraph of program text or markup, where
// punctuation follows other rules.
func looksLikeCode(s string) bool {
	return strings.Count(s, "{")+strings.Count(s, "}")+strings.Count(s, "=")+strings.Count(s, "<") > 4
}

// spacing finds the slips in one paragraph.
func spacing(text string, span analysis.Span) []analysis.Finding {
	var out []analysis.Finding
	s := span.In(text)
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '.', ',', ';', ':', '?', '!', ')':
			if f, ok := missingAfter(s, i); ok {
				f.Start += span.Start
				f.End += span.Start
				out = append(out, f)
			} else if f, ok := spaceBefore(s, i); ok {
				f.Start += span.Start
				f.End += span.Start
				out = append(out, f)
			}
		case '(':
			if f, ok := missingBeforeBracket(s, i); ok {
				f.Start += span.Start
				f.End += span.Start
				out = append(out, f)
			}
		}
		i++
	}
	return out
}

var punctNames = map[byte]string{'.': "full stop", ',': "comma", ';': "semicolon", ':': "colon",
	'?': "question mark", '!': "exclamation mark", ')': "closing bracket"}

// chunk returns the run of non-space text around byte i.
func chunk(s string, i int) string {
	start := strings.LastIndexFunc(s[:i], unicode.IsSpace) + 1
	end := strings.IndexFunc(s[i:], unicode.IsSpace)
	if end < 0 {
		end = len(s)
	} else {
		end += i
	}
	return s[start:end]
}

// webLike reports a URL, e-mail address, domain or file name, where
// punctuation is part of the name.
func webLike(c string) bool {
	lc := strings.ToLower(c)
	if strings.Contains(lc, "://") || strings.Contains(lc, "@") || strings.Contains(lc, "www.") {
		return true
	}
	lc = strings.TrimRight(lc, ".,;:!?)\"'")
	for _, tld := range []string{".com", ".org", ".net", ".uk", ".gov", ".edu", ".html", ".htm", ".pdf", ".txt", ".io", ".co"} {
		if strings.HasSuffix(lc, tld) || strings.Contains(lc, tld+"/") {
			return true
		}
	}
	return strings.Count(lc, "/") >= 2
}

// wordBefore returns the letters immediately before byte i.
func wordBefore(s string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= size
	}
	return s[j:i]
}

// wordAfter returns the letters from byte i.
func wordAfter(s string, i int) string {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	return s[i:j]
}

// missingAfter reports punctuation at i run straight into a word.
func missingAfter(s string, i int) (analysis.Finding, bool) {
	c := s[i]
	if i+1 >= len(s) || i == 0 {
		return analysis.Finding{}, false
	}
	next, _ := utf8.DecodeRuneInString(s[i+1:])
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if !unicode.IsLetter(next) || unicode.IsSpace(prev) {
		return analysis.Finding{}, false
	}
	if webLike(chunk(s, i)) {
		return analysis.Finding{}, false
	}
	after := wordAfter(s, i+1)
	before := wordBefore(s, i)
	// Text decoded in the wrong character set ("me!ï¿½ I", where a quote
	// mark became "ï¿½") has no word after the mark, only debris.
	if j := i + 1 + len(after); j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); r >= utf8.RuneSelf && !unicode.IsSpace(r) && !strings.ContainsRune("’‘“”–—…", r) {
			return analysis.Finding{}, false
		}
	}
	switch c {
	case '.':
		// A new sentence run on: a word or number, a full stop, then a
		// capitalised word. Not an ellipsis, an abbreviation or initials
		// ("U.S.", "J.S.", "e.g."), nor a word of one letter followed by a
		// full stop ("Ph.D.").
		if !unicode.IsUpper(next) || prev == '.' {
			return analysis.Finding{}, false
		}
		if !(unicode.IsLetter(prev) && utf8.RuneCountInString(before) >= 2 || unicode.IsDigit(prev)) {
			return analysis.Finding{}, false
		}
		if isAllUpper(before) || utf8.RuneCountInString(after) < 2 {
			return analysis.Finding{}, false
		}
		if j := i + 1 + len(after); j < len(s) && s[j] == '.' && utf8.RuneCountInString(after) <= 2 {
			return analysis.Finding{}, false
		}
	case ',':
		// "1,000" has digits on both sides and is not reached here.
	case ';', ':':
		if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && prev != ')' {
			return analysis.Finding{}, false
		}
	case '?', '!':
		if !unicode.IsLetter(prev) && prev != ')' {
			return analysis.Finding{}, false
		}
	case ')':
		// "friend(s)and" is two slips at once; "(s)" alone is a plural.
		if open := strings.LastIndexByte(s[:i], '('); open >= 0 && i-open <= 2 {
			return analysis.Finding{}, false
		}
		if !strings.Contains(s[:i], "(") {
			// A list marker ("a)first"), or a smiley.
			return analysis.Finding{}, false
		}
	}
	fix := string(c) + " "
	return analysis.Finding{Code: CodeSpacing, Severity: analysis.SeverityError,
		Span:        analysis.Span{Start: i, End: i + 1},
		Message:     fmt.Sprintf("Put a space after the %s.", punctNames[c]),
		Suggestions: []string{fix}}, true
}

// spaceBefore reports a space between a word and the punctuation at i: "fine
// !", "religious .They". An ellipsis, a decimal (".5"), a bracket or quote
// before the mark, and a mark at the start of a line are left alone.
func spaceBefore(s string, i int) (analysis.Finding, bool) {
	c := s[i]
	if c == ')' || i == 0 {
		return analysis.Finding{}, false
	}
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j == i || j == 0 {
		return analysis.Finding{}, false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:j])
	if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
		return analysis.Finding{}, false
	}
	if i+1 < len(s) {
		next := s[i+1]
		// An ellipsis, ".5", ".NET", ":)", ",000".
		if next == '.' || next >= '0' && next <= '9' || next == ')' || next == '(' || c == ':' && (next == 'P' || next == 'D') {
			return analysis.Finding{}, false
		}
		if c == '.' && next != ' ' && next != '\n' && unicode.IsUpper(rune(next)) && i+2 < len(s) && unicode.IsUpper(rune(s[i+2])) {
			return analysis.Finding{}, false
		}
		// "and ;" inside an emoticon or a list of symbols.
		if c == ';' && next == ')' {
			return analysis.Finding{}, false
		}
	}
	// French typography puts a space before ? ! : ; in an essay quoting
	// French; a paragraph that does so throughout is not a slip, but one
	// mark is. Colons after a space are also used in titles and lists
	// ("Causes : economic"), so only . , ? ! ; are flagged.
	if c == ':' {
		return analysis.Finding{}, false
	}
	// "religious .They" lacks the space after as well.
	fix := string(c)
	if next, _ := utf8.DecodeRuneInString(s[i+1:]); i+1 < len(s) && unicode.IsLetter(next) {
		fix += " "
	}
	return analysis.Finding{Code: CodeSpacing, Severity: analysis.SeverityError,
		Span:        analysis.Span{Start: j, End: i + 1},
		Message:     fmt.Sprintf("Take out the space before the %s.", punctNames[c]),
		Suggestions: []string{fix}}, true
}

// missingBeforeBracket reports "scapegoat(Jews": a word run into an opening
// bracket. "friend(s)" and "f(x)" are left alone.
func missingBeforeBracket(s string, i int) (analysis.Finding, bool) {
	if i == 0 {
		return analysis.Finding{}, false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if !unicode.IsLetter(prev) || webLike(chunk(s, i)) {
		return analysis.Finding{}, false
	}
	closeAt := strings.IndexByte(s[i:], ')')
	inner := ""
	if closeAt > 0 {
		inner = s[i+1 : i+closeAt]
	} else {
		inner = s[i+1 : min(len(s), i+12)]
	}
	if closeAt > 0 && closeAt <= 4 && !strings.Contains(inner, " ") {
		return analysis.Finding{}, false
	}
	if len(wordAfter(s, i+1)) < 2 {
		return analysis.Finding{}, false
	}
	return analysis.Finding{Code: CodeSpacing, Severity: analysis.SeverityError,
		Span:        analysis.Span{Start: i, End: i + 1},
		Message:     "Put a space before the bracket.",
		Suggestions: []string{" ("}}, true
}

func isAllUpper(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
