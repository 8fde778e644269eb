package question

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// maxQuestionBytes bounds the text Parse looks at. Exam questions, with
// their instructions and bullet points, run to a few hundred bytes; anything
// longer is not a question, and the cap keeps every pass over it cheap on
// hostile input.
const maxQuestionBytes = 2000

// Parse reads an exam question. It never fails: unknown parts are left zero.
// "To the present day" is read against the clock's year.
func Parse(text string) analysis.Question {
	return parse(text, time.Now().Year())
}

// parse is Parse with the year "the present" stands for, so tests do not
// depend on the clock.
func parse(text string, present int) analysis.Question {
	q := analysis.Question{Text: strings.TrimSpace(text)}
	l := newLayout(q.Text)
	if l.s == "" {
		return q
	}
	q.Marks = l.marks
	q.Command = l.command()
	q.Claim = l.claim(q.Command)
	q.Factor, q.Focus = l.factorAndFocus(q.Command, q.Claim)
	q.Items = l.items(q.Command)
	q.Stimulus = l.stimulus
	q.Period = l.period(present)
	q.Materials, q.MaterialCount = l.materials()
	q.KeyTerms = keyTerms(l.ownText())
	q.Form, q.Qualification = l.form(q.Command)
	q.TaskType = taskType(q)
	return q
}

// Claim returns the claim a question states in words for the student to
// judge: a quoted view ("'The military capability of the Normans was the most
// important reason for their victory at Hastings.' How far do you agree?"), or
// the clause after "How far do you agree that", "How accurate is it to say
// that", "Assess the view that"…; "" when it states none. Unlike Parse's
// Claim, it does not turn "To what extent was X Y?" into "X was Y".
func Claim(text string) string {
	l := newLayout(strings.TrimSpace(text))
	return l.statedClaim()
}

// segKind says what a part of the question does.
type segKind int

const (
	segQuestion    segKind = iota // the question proper, or its context
	segQuote                      // a quoted view standing as its own sentence
	segInstruction                // "Explain your answer…", "You must also use…"
	segBullet                     // an item of a list: "• the Kapp Putsch", "(ii) the war"
)

type segment struct {
	text string
	kind segKind
	// stimulus marks bullets that follow "You may use the following…".
	stimulus bool
}

// layout is a question cut into its parts.
type layout struct {
	s        string // cleaned text without marks annotations
	lower    string // s in lower case, for cheap tests before expressions
	marks    int
	segs     []segment
	stimulus []string
}

func newLayout(text string) *layout {
	l := &layout{}
	s := clean(text)
	s, l.marks = stripMarks(s)
	l.s = strings.TrimSpace(s)
	if l.s == "" {
		return l
	}
	l.lower = asciiLower(l.s)
	l.segs = cut(l.s)
	l.classify()
	return l
}

// clean makes text safe and uniform for matching: valid UTF-8, typographic
// punctuation folded to ASCII, bullets written as "•", whitespace collapsed,
// bounded in length.
func clean(text string) string {
	if len(text) > maxQuestionBytes {
		text = text[:maxQuestionBytes]
	}
	text = strings.ToValidUTF8(text, " ")
	text = analysis.Normalize(text)
	var b strings.Builder
	b.Grow(len(text))
	space, lineStart := false, true
	for i, r := range text {
		if r == '\n' || r == '\r' {
			space, lineStart = true, true
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		// A dash or asterisk opening a line is a bullet.
		if lineStart && (r == '-' || r == '*') && i+1 < len(text) && text[i+1] == ' ' {
			r = '•'
		}
		switch r {
		case '●', '▪', '◦', '‣', '∙', '·', '○', '■', '□', '➢', '►':
			r = '•'
		}
		lineStart = false
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var (
	// "[16 marks]", "(12)", "(16 + 4 SPaG)", "[25 marks]".
	marksRe = regexp.MustCompile(`(?i)[\[(]\s*(\d{1,2})\s*(?:marks?)?\s*(?:\+\s*\d{1,2}\s*(?:marks?\s*)?(?:for\s*)?(?:spag|spelling[^\])]*)?\s*(?:marks?)?\s*)?[\])]`)
	// "[SPaG 4 marks]", "(4 marks for SPaG)": spelling marks, not the question's.
	spagRe = regexp.MustCompile(`(?i)[\[(][^\])]{0,30}\b(?:spag|spelling, punctuation)[^\])]{0,40}[\])]`)
)

// stripMarks removes mark annotations and returns the first one's value.
func stripMarks(s string) (string, int) {
	if !strings.ContainsAny(s, "[(") {
		return s, 0
	}
	s = spagRe.ReplaceAllString(s, " ")
	marks := 0
	if m := marksRe.FindStringSubmatchIndex(s); m != nil {
		marks = atoi(s[m[2]:m[3]])
		// Roman list markers "(i)" never match (digits only); a lone year
		// in brackets cannot (two digits at most).
		s = marksRe.ReplaceAllString(s, " ")
	}
	return strings.Join(strings.Fields(s), " "), marks
}

// cut cuts s into sentences and list items. A quotation that opens the
// question is one segment, whatever punctuation it holds.
func cut(s string) []segment {
	var out []segment
	add := func(t string, k segKind) {
		t = strings.TrimSpace(t)
		if t == "" || strings.Trim(t, ".?!:;,• ") == "" {
			return
		}
		out = append(out, segment{text: t, kind: k})
	}
	start := 0
	if q := quoteEnd(s); q > 0 {
		add(s[:q], segQuote)
		start = q
	}
	kind := segQuestion
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '?' || c == '!':
			if !sentenceEnd(s, i) {
				continue
			}
			// Keep a closing quotation mark with its sentence.
			j := i + 1
			for j < len(s) && (s[j] == '\'' || s[j] == '"') {
				j++
			}
			add(s[start:j], kind)
			start, kind = j, segQuestion
			i = j - 1
		case strings.HasPrefix(s[i:], "•"):
			add(s[start:i], kind)
			start, kind = i+len("•"), segBullet
			i += len("•") - 1
		case c == '(' && romanMarker(s[i:]) > 0 && (i == 0 || s[i-1] == ' ') && listMarker(s, i):
			add(s[start:i], kind)
			n := romanMarker(s[i:])
			start, kind = i+n, segBullet
			i += n - 1
		}
	}
	add(s[start:], kind)
	return out
}

// romanMarker returns the length of a list marker "(i)", "(ii)", "(iii)",
// "(iv)" at the start of s, or 0.
func romanMarker(s string) int {
	for _, m := range []string{"(iii)", "(ii)", "(iv)", "(i)", "(v)"} {
		if strings.HasPrefix(s, m) && (len(s) == len(m) || s[len(m)] == ' ') {
			return len(m)
		}
	}
	return 0
}

// listMarker reports whether a "(i)" at s[i] opens an item of a list rather
// than naming one ("with reference to both (i) and (ii)").
func listMarker(s string, i int) bool {
	before := strings.ToLower(strings.TrimSpace(s[:i]))
	for _, w := range []string{" both", " and", " or", "to"} {
		if strings.HasSuffix(before, w) {
			return false
		}
	}
	after := s[i+romanMarker(s[i:]):]
	after = strings.TrimSpace(after)
	if after == "" {
		return false
	}
	return !strings.HasPrefix(strings.ToLower(after), "and ") && !strings.HasPrefix(after, "(")
}

// sentenceEnd reports whether the punctuation at s[i] ends a sentence: it
// is followed by the end, or a space and something that is not lower case
// (so "c. 1900", "e.g. the" and "U.S. policy" do not end one).
func sentenceEnd(s string, i int) bool {
	j := i + 1
	for j < len(s) && (s[j] == '\'' || s[j] == '"' || s[j] == ')') {
		j++
	}
	if j >= len(s) {
		return true
	}
	if s[j] != ' ' {
		return false
	}
	if s[i] == '.' && i > 0 {
		// "c." and single initials ("J. Smith") are abbreviations; a
		// regnal number after a name ("Elizabeth I.") is not.
		k := i - 1
		for k >= 0 && isASCIILetter(s[k]) {
			k--
		}
		w := s[k+1 : i]
		whole := k < 0 || s[k] == ' ' || s[k] == '(' || s[k] == '.'
		regnal := romanNumeral(w) && k > 0 && s[k] == ' ' && prevWordCapital(s, k)
		if whole && !regnal && (len(w) == 1 || strings.EqualFold(w, "c") || strings.EqualFold(w, "cf") || strings.EqualFold(w, "eg") || strings.EqualFold(w, "ie") || strings.EqualFold(w, "st") || strings.EqualFold(w, "mr") || strings.EqualFold(w, "dr")) {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(s[j+1:])
	return !unicode.IsLower(r) && !unicode.IsDigit(r)
}

// prevWordCapital reports whether the word that ends before s[k] starts
// with a capital.
func prevWordCapital(s string, k int) bool {
	j := k - 1
	for j >= 0 && s[j] != ' ' {
		j--
	}
	r, _ := utf8.DecodeRuneInString(s[j+1:])
	return unicode.IsUpper(r)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// quoteEnd returns the index just past a quotation that opens s, with the
// punctuation that closes its sentence, or 0 when s does not open with one.
// A quotation closes at a quotation mark that follows the end of a sentence
// ("…victory.'") or is followed by one ("…victory'."), or by a capital that
// starts the command ("…victory' How far…"). An apostrophe inside a word
// ("Stalin's") or after a plural ("the Normans' army") does not close it.
// A closing mark whose opening mark was left out ("The U2 Crisis was the main
// reason… 1960s.' How far do you agree…") closes it too.
func quoteEnd(s string) int {
	open := s[0] == '\'' || s[0] == '"'
	from := 0
	if open {
		from = 1
	}
	for i := from; i < len(s); i++ {
		c := s[i]
		if c != '\'' && c != '"' {
			continue
		}
		prevPunct := i > 0 && strings.ContainsRune(".?!", rune(s[i-1]))
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case prevPunct && (next == 0 || next == ' '):
		case open && (next == '.' || next == '?' || next == '!'):
		case open && next == ' ' && i+2 < len(s) && unicode.IsUpper(rune(s[i+2])) && commandStart(s[i+2:]):
		case open && next == 0:
		default:
			continue
		}
		if !open && (i < 20 || commandStart(s) || hasOpeningQuote(s[:i])) {
			return 0
		}
		j := i + 1
		for j < len(s) && strings.ContainsRune(".?!", rune(s[j])) {
			j++
		}
		return j
	}
	return 0
}

// hasOpeningQuote reports whether s has a quotation mark that opens a
// quotation: after a space or a colon, before a letter.
func hasOpeningQuote(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == '\'' || s[i] == '"') && (s[i-1] == ' ' || s[i-1] == ':') && isASCIILetter(s[i+1]) {
			return true
		}
	}
	return false
}

var commandStartRe = regexp.MustCompile(`^(?:How|To|Assess|Evaluate|Discuss|Explain|Do|Does|With|In|Using|Consider|Examine|Analyse|Analyze|What|Which|Why)\b`)

func commandStart(s string) bool { return commandStartRe.MatchString(s) }

// instructionRe matches the sentences that say how to answer rather than
// what to answer.
var instructionRe = regexp.MustCompile(`(?i)^(?:explain your answer|give reasons for your answer|you (?:may|must|should|will)\b|use a range of examples|support your (?:summary|answer)|to explain your answer|use both (?:sources|interpretations|extracts)|use details from|study (?:the |these |both )?(?:sources?|interpretations?|extracts?|passages?|the source booklet)\b|read (?:the |these |both )?(?:sources?|interpretations?|extracts?|passages?)\b|refer to both|in your answer,? you (?:should|must|may))`)

// stimulusRe opens a list of points the student may use.
var stimulusRe = regexp.MustCompile(`(?i)^you may use the following\b`)

func (l *layout) classify() {
	inStimulus := false
	for i := range l.segs {
		sg := &l.segs[i]
		switch sg.kind {
		case segBullet:
			if inStimulus {
				sg.stimulus = true
				l.stimulus = append(l.stimulus, tidyItem(sg.text))
			}
			continue
		case segQuote:
			continue
		}
		inStimulus = false
		if instructionRe.MatchString(sg.text) {
			sg.kind = segInstruction
			inStimulus = stimulusRe.MatchString(sg.text)
		}
	}
}

// sentences returns the question's own sentences (no quotation, bullets or
// instructions).
func (l *layout) sentences() []string {
	var out []string
	for _, sg := range l.segs {
		if sg.kind == segQuestion {
			out = append(out, sg.text)
		}
	}
	return out
}

// quote returns the quotation that stands as its own sentence, or "".
func (l *layout) quote() string {
	for _, sg := range l.segs {
		if sg.kind == segQuote {
			return trimClaim(sg.text)
		}
	}
	return ""
}

// ownText is the question without its instructions and stimulus points:
// what key terms and the period are read from ("Use a range of examples
// from across your study of… c1000 to the present day" sets neither).
func (l *layout) ownText() string {
	var parts []string
	for _, sg := range l.segs {
		if sg.kind == segInstruction || sg.stimulus {
			continue
		}
		parts = append(parts, sg.text)
	}
	// A break between parts keeps names in one list item from running
	// into the next ("the Enabling Act; the Night of the Long Knives").
	return strings.Join(parts, "; ")
}

// trimClaim strips quotation marks and closing punctuation from a claim.
func trimClaim(c string) string {
	c = strings.TrimSpace(c)
	c = strings.Trim(c, `"' `)
	c = strings.TrimRight(c, ".?!,;: ")
	c = strings.Trim(c, `"' `)
	return strings.TrimSpace(c)
}

// anyIn reports whether s contains any of the strings.
func anyIn(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII letters only, so that byte offsets into the
// result are offsets into s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
