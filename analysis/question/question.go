package question

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// maxQuestionBytes bounds the text Parse looks at. Exam questions run to a
// few hundred bytes; anything longer is not a question, and the cap keeps the
// regular expressions cheap on hostile input.
const maxQuestionBytes = 2000

// Parse reads an exam question. It never fails: unknown parts are left zero.
func Parse(text string) analysis.Question {
	q := analysis.Question{Text: strings.TrimSpace(text)}
	s := clean(q.Text)
	if s == "" {
		return q
	}
	q.Command = command(s)
	claim := claimOf(s)
	q.Factor = factor(s, claim, q.Command)
	q.Period = period(s)
	q.KeyTerms = keyTerms(s)
	return q
}

// Claim returns the claim the question asks the student to judge ("The
// military capability of the Normans was the most important reason for their
// victory"), or "" when it states none.
func Claim(text string) string {
	return claimOf(clean(strings.TrimSpace(text)))
}

// clean makes text safe and uniform for matching: valid UTF-8, typographic
// punctuation folded to ASCII, whitespace collapsed, bounded in length.
func clean(text string) string {
	if len(text) > maxQuestionBytes {
		text = text[:maxQuestionBytes]
	}
	text = strings.ToValidUTF8(text, " ")
	text = analysis.Normalize(text)
	var b strings.Builder
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

type commandRule struct {
	id string
	re *regexp.Regexp
}

// commandRules are tried in order; the first that matches wins. Specific
// forms come first: "How far do you agree" before "how far", "How
// significant … why" before "why".
var commandRules = []commandRule{
	{"how-far-agree", regexp.MustCompile(`(?i)\b(how far|to what extent|how much) (do|would|should|can) you agree\b|\bdo you agree\b`)},
	{"assess-validity", regexp.MustCompile(`(?i)\bassess the validity\b|\bhow valid\b|\b(assess|evaluate|consider) (the|this) (view|claim|argument|interpretation|statement|judgement|judgment)\b|\bhow convincing\b`)},
	{"how-accurate", regexp.MustCompile(`(?i)\bhow accurate\b|\bhow (fair|justified) is (it|the (view|claim))\b`)},
	{"how-successful", regexp.MustCompile(`(?i)\bhow (successful|effective|effectively|well)\b|\bassess the (success|effectiveness|achievements?)\b|\bevaluate the (success|effectiveness)\b`)},
	{"how-significant", regexp.MustCompile(`(?i)\bhow (significant|important|influential)\b|\b(assess|evaluate|explain) the (significance|importance|impact|influence)\b|\bhow (great|much) (was|were) the (impact|influence|significance)\b`)},
	{"compare", regexp.MustCompile(`(?i)\bcompar(e|ed|ing|ison)\b|\bhow (similar|different)\b|\bsimilarit(y|ies)\b|\bdifferences? between\b|\bin what ways? .{1,80}\bdiffer`)},
	{"to-what-extent", regexp.MustCompile(`(?i)\bto what extent\b|\bhow far\b|\bto what degree\b`)},
	{"why", regexp.MustCompile(`(?i)\bwhy\b|\baccount for\b|\bexplain\b|\b(reasons?|causes?) (for|of|behind)\b|\bwhat (caused|were the (causes|reasons))\b`)},
}

func command(s string) string {
	for _, r := range commandRules {
		if r.re.MatchString(s) {
			return r.id
		}
	}
	return ""
}

// Patterns that introduce a claim inside the question's own sentence.
var (
	claimThat = regexp.MustCompile(`(?i)\b(?:how accurate is it to say|how (?:far|much) (?:do|would|should|can) you agree(?: with the (?:view|claim|statement|opinion))?|to what extent (?:do|would) you agree(?: with the (?:view|claim|statement|opinion))?|do you agree|(?:assess|evaluate|consider) the (?:view|claim|argument|interpretation|statement)|how (?:valid|convincing|fair|justified) is (?:the (?:view|claim|argument|interpretation))|how (?:valid|convincing|fair|justified) is it to (?:say|argue|claim))\s+that\s+(.+)$`)
	// A question that opens with a quotation: the claim runs to the
	// closing quote.
	leadingQuote = regexp.MustCompile(`^["']\s*(.+?)\s*[.!?]?\s*["']\s*(?:[.!?]\s*)?(?:[A-Z(]|$)`)
)

func claimOf(s string) string {
	if m := leadingQuote.FindStringSubmatch(s); m != nil {
		return trimClaim(m[1])
	}
	if m := claimThat.FindStringSubmatch(s); m != nil {
		return trimClaim(m[1])
	}
	return ""
}

func trimClaim(c string) string {
	c = strings.TrimSpace(c)
	c = strings.Trim(c, `"' `)
	c = strings.TrimRight(c, ".?!,;: ")
	c = strings.Trim(c, `"' `)
	return c
}

var (
	// "X was the most important reason …": the factor is X.
	factorSubject = regexp.MustCompile(`(?i)^(.+?)\s+(?:was|were|is|are|had been|has been|have been|remained|proved)\s+(?:(?:the|a|an)\s+)?(?:single\s+|most\s+|by far the\s+)?(?:most important|most significant|most influential|most decisive|most crucial|main|principal|primary|chief|key|decisive|greatest|biggest|major|crucial|fundamental|central|dominant|overriding|underlying|real|prime|essential|vital)\b`)
	// "X was mainly responsible for …"
	factorResponsible = regexp.MustCompile(`(?i)^(.+?)\s+(?:was|were|is|are)\s+(?:mainly\s+|largely\s+|primarily\s+|chiefly\s+|mostly\s+|principally\s+|solely\s+|entirely\s+)?responsible for\b`)
	// "To what extent was X (mainly) responsible for …" once the head is cut.
	factorResponsibleBare = regexp.MustCompile(`(?i)^(.+?)\s+(?:mainly\s+|largely\s+|primarily\s+|chiefly\s+|mostly\s+)?responsible for\b`)
	// "… was mainly due to Y": the factor is Y.
	factorObject = regexp.MustCompile(`(?i)\b(?:due to|because of|caused by|the result of|a result of|the consequence of|a consequence of|explained by|owed to|owed more to|owed much to|driven by|brought about by|the product of|a product of|motivated by|the work of|down to|attributed to)\s+(.+)$`)
	// Remainder of "To what extent was X the main reason …" once the head
	// is cut off: "X the main reason …".
	factorBare       = regexp.MustCompile(`(?i)^(.+?)\s+(?:(?:the|a|an)\s+)?(?:single\s+|most\s+)?(?:most important|most significant|main|principal|primary|chief|key|decisive|greatest|biggest|major|crucial|fundamental|dominant|prime)\s+(?:reason|cause|factor|explanation|consequence|result|influence|motive|feature|threat|achievement|aim|problem|obstacle|force|turning point)`)
	extentHead       = regexp.MustCompile(`(?i)\b(?:to what extent|how far|to what degree|how accurate is it to say that)\s+(?:was|were|is|are|did|does|do|had|has|have|can|could|should)\s+(.+)$`)
	significanceHead = regexp.MustCompile(`(?i)\bhow (?:significant|important|influential)\s+(?:was|were|is|are|had been|has been)\s+(.+)$|\b(?:assess|evaluate|explain) the (?:significance|importance|impact|influence) of\s+(.+)$`)
	// Where a significance factor ends: "the role of Lenin | in Stalin's rise".
	factorEnd = regexp.MustCompile(`(?i)\s+(?:in|for|to|on|during|between|within|as a|as an|upon|towards?|compared)\s+|[,?;:]`)
	// Period phrases trailing a factor: "in the years 1924–29".
	trailingPeriod = regexp.MustCompile(`(?i)\s*(?:,\s*)?(?:(?:in|during|over|across|throughout) the (?:years|period|decade|reign|century)\s*)?(?:(?:in|during|from|between|by|before|after|c\.|circa)\s+)?(?:c\.\s*)?\d{3,4}(?:s|\s*(?:-|to|and)\s*(?:c\.\s*)?\d{1,4})?\s*$`)
)

// factor finds the factor or claim the question states.
func factor(s, claim, cmd string) string {
	if claim != "" {
		if m := factorSubject.FindStringSubmatch(claim); m != nil {
			return tidyFactor(m[1])
		}
		if m := factorResponsible.FindStringSubmatch(claim); m != nil {
			return tidyFactor(m[1])
		}
		if m := factorObject.FindStringSubmatch(claim); m != nil {
			return tidyFactor(m[1])
		}
		return tidyFactor(claim)
	}
	switch cmd {
	case "to-what-extent", "how-far-agree", "how-accurate", "assess-validity":
		m := extentHead.FindStringSubmatch(s)
		if m == nil {
			return ""
		}
		rest := trimClaim(m[1])
		if m := factorBare.FindStringSubmatch(rest); m != nil {
			return tidyFactor(m[1])
		}
		if m := factorResponsibleBare.FindStringSubmatch(rest); m != nil {
			return tidyFactor(m[1])
		}
		if m := factorObject.FindStringSubmatch(rest); m != nil {
			return tidyFactor(m[1])
		}
	case "how-significant":
		m := significanceHead.FindStringSubmatch(s)
		if m == nil {
			return ""
		}
		rest := m[1]
		if rest == "" {
			rest = m[2]
		}
		if loc := factorEnd.FindStringIndex(rest); loc != nil && loc[0] > 0 {
			rest = rest[:loc[0]]
		}
		return tidyFactor(rest)
	}
	return ""
}

func tidyFactor(f string) string {
	f = trimClaim(f)
	for {
		loc := trailingPeriod.FindStringIndex(f)
		if loc == nil || loc[0] == 0 {
			break
		}
		f = strings.TrimSpace(f[:loc[0]])
	}
	f = strings.TrimRight(f, ".?!,;: ")
	lower := strings.ToLower(f)
	for _, art := range []string{"that ", "the ", "a ", "an "} {
		if strings.HasPrefix(lower, art) && len(f) > len(art) {
			f, lower = f[len(art):], lower[len(art):]
		}
	}
	return strings.TrimSpace(f)
}

var (
	rangeRe   = regexp.MustCompile(`(?i)(?:\bc\.\s*|\bcirca\s+)?\b(\d{4})\s*(?:-|to|until|till)\s*(?:c\.\s*)?(\d{4}|\d{2}|\d)\b`)
	betweenRe = regexp.MustCompile(`(?i)\bbetween\s+(?:c\.\s*)?(\d{4})\s+and\s+(?:c\.\s*)?(\d{4})\b`)
	decadeRe  = regexp.MustCompile(`\b(\d{3})0s\b`)
	yearRe    = regexp.MustCompile(`\b(\d{4})\b`)
	centuryRe = regexp.MustCompile(`(?i)\b(eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|1[1-9]th|2[01](?:st|th))[- ]century\b`)
)

var centuries = map[string]int{
	"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
	"twenty-first": 21,
}

func validYear(y int) bool { return y >= 500 && y <= 2100 }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// period finds the years a question covers: one range when it names one, or
// the span from the earliest to the latest year it names.
func period(s string) *analysis.Period {
	from, to := 0, 0
	add := func(a, b int) {
		if !validYear(a) || !validYear(b) || b < a {
			return
		}
		if from == 0 || a < from {
			from = a
		}
		if b > to {
			to = b
		}
	}
	used := make([]bool, len(s)+1)
	mark := func(loc []int) {
		for i := loc[0]; i < loc[1]; i++ {
			used[i] = true
		}
	}
	for _, m := range rangeRe.FindAllStringSubmatchIndex(s, -1) {
		a, endText := atoi(s[m[2]:m[3]]), s[m[4]:m[5]]
		b := atoi(endText)
		switch len(endText) {
		case 1:
			b = a - a%10 + b
			if b < a {
				b += 10
			}
		case 2:
			b = a - a%100 + b
			// "1895–05" crosses a century; "1924–19" is a slip, not 1924–2019.
			if b < a && b+100-a <= 30 {
				b += 100
			}
		}
		add(a, b)
		mark(m)
	}
	for _, m := range betweenRe.FindAllStringSubmatchIndex(s, -1) {
		add(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]))
		mark(m)
	}
	for _, m := range decadeRe.FindAllStringSubmatchIndex(s, -1) {
		d := atoi(s[m[2]:m[3]]) * 10
		add(d, d+9)
		mark(m)
	}
	for _, m := range centuryRe.FindAllStringSubmatchIndex(s, -1) {
		w := strings.ToLower(s[m[2]:m[3]])
		n, ok := centuries[w]
		if !ok {
			n = atoi(strings.TrimRight(w, "stndrh"))
		}
		if n > 0 {
			add((n-1)*100, (n-1)*100+99)
		}
		mark(m)
	}
	for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
		if used[m[0]] {
			continue
		}
		y := atoi(s[m[2]:m[3]])
		add(y, y)
	}
	if from == 0 {
		return nil
	}
	return &analysis.Period{From: from, To: to}
}

// keyTerms lists the question's names (capitalised runs such as "Henry VII"
// or "General Secretary") and content words, without stopwords, command
// words or numbers, one per stem, in order of appearance.
func keyTerms(s string) []string {
	words := splitWords(s)
	var out []string
	seen := map[string]bool{}
	addTerm := func(term string, stems []string) {
		key := strings.Join(stems, " ")
		if key == "" || seen[key] {
			return
		}
		for _, st := range stems {
			seen[st] = true
		}
		seen[key] = true
		out = append(out, term)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		lower := strings.ToLower(w.text)
		if isName(w, words, i) {
			j := i + 1
			for j < len(words) && !words[j-1].possessive {
				nx := words[j]
				if isName(nx, words, j) && !nx.afterBreak {
					j++
					continue
				}
				// "Church of England", "Duke of Normandy".
				if (strings.ToLower(nx.text) == "of" || strings.ToLower(nx.text) == "the") && j+1 < len(words) && isName(words[j+1], words, j+1) && !words[j+1].afterBreak {
					j += 2
					continue
				}
				break
			}
			parts := make([]string, 0, j-i)
			var stems []string
			for k := i; k < j; k++ {
				parts = append(parts, words[k].text)
				if l := strings.ToLower(words[k].text); !stopwords[l] {
					stems = append(stems, Stem(l))
				}
			}
			if len(parts) == 1 && (commandWords[lower] || stopwords[lower]) {
				i = j - 1
				continue
			}
			addTerm(strings.Join(parts, " "), stems)
			i = j - 1
			continue
		}
		if stopwords[lower] || commandWords[lower] || len(lower) < 3 || hasDigit(lower) {
			continue
		}
		st := Stem(lower)
		if commandStems[st] {
			continue
		}
		if seen[st] {
			continue
		}
		addTerm(lower, []string{st})
	}
	return out
}

type word struct {
	text string
	// initial is true for the first word of a sentence or quotation, whose
	// capital says nothing about it being a name.
	initial bool
	// afterBreak is true when punctuation separates it from the word before.
	afterBreak bool
	// possessive is true when the word carried "'s" or a trailing "'".
	possessive bool
}

func splitWords(s string) []word {
	var out []word
	initial, brk := true, false
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case strings.ContainsRune(".?!:;\"", r):
				initial, brk = true, true
			case r == '\'' && (i == 0 || !isLetterAt(s, i-1)):
				// An opening quote starts a quotation.
				initial, brk = true, true
			case r == ',' || r == '(' || r == ')' || r == '-':
				brk = true
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) || ((r2 == '\'' || r2 == '-') && j+sz < len(s) && isLetterAt(s, j+sz)) {
				j += sz
				continue
			}
			break
		}
		text := s[i:j]
		// Possessives: "Stalin's", "Normans'".
		lower := strings.ToLower(text)
		poss := false
		if strings.HasSuffix(lower, "'s") {
			text, poss = text[:len(text)-2], true
		}
		i = j
		if i < len(s) && s[i] == '\'' && strings.HasSuffix(lower, "s") && (i+1 == len(s) || !isLetterAt(s, i+1)) {
			i++ // a possessive apostrophe after the word: "Normans'"
			poss = true
		}
		out = append(out, word{text: text, initial: initial, afterBreak: brk, possessive: poss})
		initial, brk = false, false
	}
	return out
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isName reports whether words[i] looks like part of a proper name: a capital
// letter not explained by its place at the start of a sentence, or a Roman
// numeral after a name ("Henry VII", "Charles I").
func isName(w word, words []word, i int) bool {
	r, _ := utf8.DecodeRuneInString(w.text)
	if !unicode.IsUpper(r) {
		return false
	}
	lower := strings.ToLower(w.text)
	if romanNumeral(w.text) && i > 0 && !w.afterBreak {
		prev, _ := utf8.DecodeRuneInString(words[i-1].text)
		return unicode.IsUpper(prev)
	}
	if w.text == "I" {
		return false
	}
	if !w.initial {
		return !stopwords[lower] || i+1 < len(words) && isCapital(words[i+1].text) && !words[i+1].afterBreak && !stopwords[strings.ToLower(words[i+1].text)]
	}
	// A sentence-initial capital says nothing by itself: it is a name when
	// possessive ("Stalin's rise"), followed by another capitalised word
	// ("Henry VII"), or written with a capital elsewhere in the question.
	if stopwords[lower] || commandWords[lower] {
		return false
	}
	if w.possessive {
		return true
	}
	if i+1 < len(words) && !words[i+1].afterBreak && isCapital(words[i+1].text) && !stopwords[strings.ToLower(words[i+1].text)] {
		return true
	}
	for k, o := range words {
		if k != i && !o.initial && o.text == w.text {
			return true
		}
	}
	return false
}

func isCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func romanNumeral(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("IVXL", c) {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
