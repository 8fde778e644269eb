package rubric

import (
	"bytes"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
)

// textView is what the rubric reads from the document itself, so that every
// criterion can be judged (with less confidence) when the analyzer that
// measures it is absent. Padding earns nothing here: repeated sentences,
// paragraphs that share nothing with the rest of the essay and runs of
// connectives are left out of every count.
type textView struct {
	doc *analysis.Document
	// dupSentence marks sentences that repeat an earlier one.
	dupSentence []bool
	// inRun marks tokens inside a run of connectives.
	inRun []bool
	// effSentences counts sentences that count.
	effSentences int
	// effWords counts words in sentences that count (not repeats, not in
	// off-topic paragraphs, not connective runs).
	effWords int
	// paras describes each paragraph.
	paras []paraView
	// body are the indices of body paragraphs that count.
	body []int
	// questionTerms are the question's content words (lower case).
	questionTerms []string
	// connectiveRuns are spans of two or more connectives in a row.
	connectiveRuns []analysis.Span
	// years are spans of four-digit years (1000 to 2099) in counted text.
	years []analysis.Span
	// explained are sentences that explain or weigh (causal, evaluative or
	// comparative language inside a claim).
	explained []analysis.Span
	// judgement is the first sentence of the last paragraph that weighs or
	// ranks (or a zero span).
	judgement    analysis.Span
	hasJudgement bool
	// names are proper nouns that do not open a sentence.
	names []analysis.Span
	// sentExplains and sentSpecific mark counted sentences that explain or
	// weigh, and that name a year or a person, place or event.
	sentExplains, sentSpecific []bool
}

type paraView struct {
	words     int
	duplicate bool // every sentence repeats an earlier one
	offTopic  bool
	// outOfPeriod: every year the paragraph names lies well outside the
	// question's period.
	outOfPeriod bool
	years       int
	inPeriod    int
	names       int
	explained   int
	onQ         bool // uses a question term
}

// explainPhrases are links that explain why or weigh how much: they show
// analysis when they sit inside a sentence that makes a claim.
var explainPhrases = []string{
	"because", "this meant", "which meant", "meant that", "as a result", "resulted in", "led to",
	"therefore", "consequently", "this shows", "this suggests", "which shows", "so that", "due to",
	"enabled", "allowed him", "allowed them", "caused", "the reason", "the main reason", "more important",
	"most important", "more significant", "most significant", "less important", "crucial", "decisive",
	"outweighed", "to a large extent", "to some extent", "to a limited extent", "key factor",
	"main factor", "however", "whereas", "although", "on the other hand", "nevertheless", "undermined",
	// How a source or an event bears on the question: "this shows that",
	// "which suggests", "led him to", "in order to", "meaning that".
	"shows that", "suggests that", "proves that", "showing that", "meaning that", "which led",
	"this led", "in order to", "as a result of", "which caused", "so they", "so he", "so she", "so it",
	"because of",
}

// judgementPhrases weigh or rank: the language of a judgement.
var judgementPhrases = []string{
	"most important", "more important", "main reason", "most significant", "more significant",
	"key factor", "main factor", "decisive", "outweigh", "to a large extent", "to some extent",
	"to a limited extent", "primarily", "above all", "crucial", "chiefly", "ultimately", "largely",
	"the most", "mainly", "i agree", "i disagree", "partly",
}

// runWords are single-word connectives that, stacked two or more in a row
// ("However, therefore, furthermore,"), are padding rather than reasoning.
var runWords = map[string]bool{
	"however": true, "therefore": true, "furthermore": true, "moreover": true, "consequently": true,
	"thus": true, "hence": true, "nevertheless": true, "additionally": true, "also": true,
	"firstly": true, "secondly": true, "finally": true, "overall": true, "ultimately": true,
	"significantly": true, "importantly": true, "crucially": true, "similarly": true, "likewise": true,
}

func newTextView(res *analysis.Result) *textView {
	doc := res.Document
	tv := &textView{doc: doc, paras: make([]paraView, len(doc.Paragraphs))}
	tv.questionTerms = questionTerms(res.Task.Question)
	qset := map[string]bool{}
	for _, w := range tv.questionTerms {
		qset[w] = true
	}

	// Repeated sentences and connective runs.
	seen := map[string]bool{}
	dupSentence := make([]bool, len(doc.Sentences))
	inRun := make([]bool, len(doc.Tokens))
	var key []byte
	for i := range doc.Sentences {
		key = appendSentenceKey(key[:0], doc.SentenceTokens(i))
		switch {
		case !seen[string(key)]:
			seen[string(key)] = true
		case len(key) > 0:
			dupSentence[i] = true
		}
	}
	// Near-copies the argument analyzer found (a sentence or paragraph
	// repeated with a word or two changed) count as repeats too.
	for _, f := range res.Findings {
		if f.Code != argument.CodeRepetition {
			continue
		}
		for i, s := range doc.Sentences {
			if s.Span.Start >= f.Start && s.Span.End <= f.End {
				dupSentence[i] = true
			}
		}
	}
	tv.dupSentence, tv.inRun = dupSentence, inRun
	for i := 0; i < len(doc.Tokens); {
		j, n := i, 0
		for j < len(doc.Tokens) {
			t := doc.Tokens[j]
			if t.Kind == analysis.KindWord && lowerIn(runWords, t.Norm) {
				n++
				j++
				continue
			}
			if n > 0 && t.Kind == analysis.KindPunct && (t.Norm == "," || t.Norm == ";") {
				j++
				continue
			}
			break
		}
		if n >= 2 {
			for k := i; k < j; k++ {
				inRun[k] = true
			}
			tv.connectiveRuns = append(tv.connectiveRuns, analysis.Span{Start: doc.Tokens[i].Start, End: doc.Tokens[j-1].End})
		}
		if j == i {
			j++
		}
		i = j
	}

	// A signpost that opens a paragraph ("In conclusion,", "To sum up,")
	// is not counted as words: adding or removing one must not move an
	// essay across a length threshold.
	for p := range doc.Paragraphs {
		toks := doc.ParagraphTokens(p)
		base := 0
		if r := doc.Paragraphs[p].Sentences; r.Len() > 0 {
			base = doc.Sentences[r.Start].Tokens.Start
		}
		// Connectives piled in front of the signpost do not hide it.
		lead := 0
		for lead < len(toks) && (toks[lead].Kind == analysis.KindWord && lowerIn(runWords, toks[lead].Norm) ||
			toks[lead].Kind == analysis.KindPunct && toks[lead].Norm == ",") {
			lead++
		}
		if n := signpostLen(toks[lead:]); n > 0 {
			for k := lead; k < lead+n; k++ {
				inRun[base+k] = true
			}
		}
	}

	// Connectives that open a sentence ("However, …", "As a result, …")
	// link it to the one before; the link is shown by what the sentence
	// says, not by the word. They are not counted as words, nor do they make
	// a sentence explain, so that putting one in front of every sentence
	// buys nothing.
	for i := range doc.Sentences {
		toks := doc.SentenceTokens(i)
		base := doc.Sentences[i].Tokens.Start
		for k := 0; k < len(toks); {
			n := openerLen(toks[k:])
			if n == 0 {
				break
			}
			for m := k; m < k+n; m++ {
				inRun[base+m] = true
			}
			k += n
		}
	}

	// A verdict the argument analyzer found asserted without argument ("X
	// was the most important reason.") is not development either: it
	// cannot carry an essay past a length threshold.
	for _, f := range res.Findings {
		if f.Code != argument.CodeAssertedJudgement {
			continue
		}
		for i, t := range doc.Tokens {
			if t.Start >= f.Start && t.End <= f.End {
				inRun[i] = true
			}
		}
	}

	// Content words per paragraph, for cohesion: each paragraph's distinct
	// stems (windows of one buffer), and in how many paragraphs each occurs.
	// A paragraph that copies earlier text (every sentence repeated, or a
	// near-copy the argument analyzer found) lends its words to no other
	// paragraph: a copy must not make the paragraph it copies look
	// cohesive with the rest.
	copyPara := make([]bool, len(doc.Paragraphs))
	for p := range doc.Paragraphs {
		r := doc.Paragraphs[p].Sentences
		all := r.Len() > 0
		for i := r.Start; i < r.End; i++ {
			if !dupSentence[i] {
				all = false
			}
		}
		copyPara[p] = all
	}
	for _, f := range res.Findings {
		if f.Code == argument.CodeRepetition && f.Paragraph >= 0 && f.Paragraph < len(copyPara) {
			if sp := doc.Paragraphs[f.Paragraph].Span; f.Start <= sp.Start && f.End >= sp.End {
				copyPara[f.Paragraph] = true
			}
		}
	}
	content := make([][]string, len(doc.Paragraphs))
	buf := make([]string, 0, len(doc.Tokens)/2)
	type spread struct{ paras, last int32 }
	// About one token in four is a distinct content stem; sizing the map
	// for that spares it regrowing as it fills.
	count := make(map[string]spread, len(doc.Tokens)/4)
	for p := range doc.Paragraphs {
		start := len(buf)
		if copyPara[p] {
			content[p] = buf[start:start:start]
			continue
		}
		for _, t := range doc.ParagraphTokens(p) {
			if t.Kind != analysis.KindWord {
				continue
			}
			if w := t.Lower(); len(w) >= 4 && !stopwords[w] {
				st := stem(w)
				if c, ok := count[st]; !ok || int(c.last) != p {
					count[st] = spread{paras: c.paras + 1, last: int32(p)}
					buf = append(buf, st)
				}
			}
		}
		content[p] = buf[start:len(buf):len(buf)]
	}
	for p := range doc.Paragraphs {
		pv := &tv.paras[p]
		sents := doc.ParagraphSentences(p)
		allDup := len(sents) > 0
		for i := doc.Paragraphs[p].Sentences.Start; i < doc.Paragraphs[p].Sentences.End; i++ {
			if !dupSentence[i] {
				allDup = false
			}
		}
		pv.duplicate = allDup
		shared := 0
		for _, w := range content[p] {
			if count[w].paras > 1 {
				shared++
			}
			if qset[w] {
				pv.onQ = true
			}
		}
		// A paragraph that shares almost none of its words with the rest of
		// the essay, and none with the question, is off the subject.
		if len(doc.Paragraphs) >= 3 && len(content[p]) >= 8 && !pv.onQ &&
			float64(shared) < 0.12*float64(len(content[p])) {
			pv.offTopic = true
		}
	}

	// Paragraphs the argument analyzer found off the question count as off
	// the subject here too.
	for _, f := range res.Findings {
		if f.Code == argument.CodeOffTopic && f.Paragraph >= 0 && f.Paragraph < len(tv.paras) {
			tv.paras[f.Paragraph].offTopic = true
		}
	}
	// The conclusion is the last paragraph that counts, so a paragraph
	// appended after it does not turn it into a body paragraph.
	last := len(doc.Paragraphs) - 1
	for last > 0 && (tv.paras[last].offTopic || tv.paras[last].duplicate) {
		last--
	}
	tv.sentExplains = make([]bool, len(doc.Sentences))
	tv.sentSpecific = make([]bool, len(doc.Sentences))
	var text []byte // the sentence's counted words in lower case, padded with spaces
	for i, s := range doc.Sentences {
		p := s.Paragraph
		pv := &tv.paras[p]
		if dupSentence[i] || pv.offTopic {
			continue
		}
		toks := doc.SentenceTokens(i)
		words := 0
		lastName := -2
		text = append(text[:0], ' ')
		for k, t := range toks {
			idx := s.Tokens.Start + k
			if inRun[idx] {
				continue
			}
			if t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber {
				words++
				text = appendLower(text, t.Norm)
				text = append(text, ' ')
			}
			if t.Kind == analysis.KindNumber && isYear(t.Norm) {
				tv.years = append(tv.years, t.Span)
				pv.years++
				tv.sentSpecific[i] = true
				if per := res.Task.Question.Period; per != nil {
					y := atoi(t.Norm)
					if y >= per.From-3 && y <= per.To+3 {
						pv.inPeriod++
					}
				}
			}
			if k > 0 && t.Kind == analysis.KindWord && (t.Tag == "NNP" || t.Tag == "NNPS") && startsUpper(t.Text) {
				// Consecutive capitalised words are one name ("General
				// Secretary", "Socialism in One Country" is two).
				if n := len(tv.names); n > 0 && lastName == idx-1 {
					tv.names[n-1].End = t.End
				} else {
					tv.names = append(tv.names, t.Span)
					pv.names++
					tv.sentSpecific[i] = true
				}
				lastName = idx
			}
		}
		tv.effWords += words
		tv.effSentences++
		pv.words += words
		if words >= 8 && explainSet.in(text) {
			tv.explained = append(tv.explained, s.Span)
			pv.explained++
			tv.sentExplains[i] = true
		}
		if p == last && last > 0 && !tv.hasJudgement && judgementSet.in(text) {
			tv.judgement, tv.hasJudgement = s.Span, true
		}
	}
	if res.Task.Question.Period != nil {
		for p := range tv.paras {
			if pv := &tv.paras[p]; pv.years > 0 && pv.inPeriod == 0 {
				pv.outOfPeriod = true
			}
		}
	}
	// Body paragraphs are those between the introduction and the
	// conclusion; an essay of one or two paragraphs is all body.
	from, to := 1, last
	if last < 2 {
		from, to = 0, last+1
	}
	for p := from; p < to; p++ {
		if pv := tv.paras[p]; !pv.duplicate && !pv.offTopic && pv.words >= 20 {
			tv.body = append(tv.body, p)
		}
	}
	return tv
}

// questionTerms are the question's key terms, or its content words.
func questionTerms(q analysis.Question) []string {
	var src []string
	if len(q.KeyTerms) > 0 {
		for _, k := range q.KeyTerms {
			src = append(src, strings.Fields(strings.ToLower(k))...)
		}
	} else {
		src = strings.FieldsFunc(strings.ToLower(analysis.Normalize(q.Text)), func(r rune) bool {
			return (r < 'a' || r > 'z') && r != '\''
		})
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range src {
		w = strings.Trim(w, "'\".,;:?!")
		if len(w) < 4 || stopwords[w] || questionFiller[w] {
			continue
		}
		s := stem(w)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// questionFiller are words of question stems that say nothing of the topic.
var questionFiller = map[string]bool{
	"extent": true, "agree": true, "assess": true, "explain": true, "important": true, "significant": true,
	"view": true, "valid": true, "accurate": true, "reasons": true, "reason": true, "years": true,
	"successful": true, "far": true, "whether": true, "main": true, "mainly": true, "does": true,
}

// stem strips common English suffixes so "emerged" matches "emerge".
func stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "'s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s[0] == '1' || (s[0] == '2' && s[1] == '0')
}

func startsUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// lowerIn reports whether m holds s in lower case, without allocating for
// a short ASCII s.
func lowerIn(m map[string]bool, s string) bool {
	var buf [32]byte
	if len(s) > len(buf) {
		return m[strings.ToLower(s)]
	}
	return m[string(appendLower(buf[:0], s))]
}

// phraseSet holds phrases with a space either side, so that they match whole
// words only, filed by their first letter: a sentence is searched once, and at
// each word only the phrases that begin with its letter are tried.
type phraseSet [256][][]byte

func newPhraseSet(phrases []string) *phraseSet {
	var s phraseSet
	for _, p := range phrases {
		b := []byte(" " + p + " ")
		s[b[1]] = append(s[b[1]], b)
	}
	return &s
}

// in reports whether text (words with a space either side) holds one of the
// phrases: a phrase found anywhere begins at one of text's spaces.
func (s *phraseSet) in(text []byte) bool {
	for k := 0; k+1 < len(text); k++ {
		if text[k] != ' ' {
			continue
		}
		for _, p := range s[text[k+1]] {
			if bytes.HasPrefix(text[k:], p) {
				return true
			}
		}
	}
	return false
}

var explainSet, judgementSet = newPhraseSet(explainPhrases), newPhraseSet(judgementPhrases)

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// datesCounted returns the dates that count (not in a repeated sentence or an
// off-topic paragraph) and the share of paragraphs that have one, out of all
// paragraphs, so that padding never raises either.
func (tv *textView) datesCounted(dates []analysis.Date) (n int, paragraphShare float64) {
	dated := map[int]bool{}
	for _, d := range dates {
		s := tv.doc.SentenceAt(d.Start)
		p := tv.doc.ParagraphAt(d.Start)
		if s < 0 || p < 0 || tv.dupSentence[s] || tv.paras[p].offTopic || tv.paras[p].outOfPeriod {
			continue
		}
		n++
		dated[p] = true
	}
	if len(tv.paras) == 0 {
		return n, 0
	}
	return n, float64(len(dated)) / float64(len(tv.paras))
}

// counts reports whether sentence i counts: not a repeat, and not in a
// paragraph off the subject or outside the question's period.
func (tv *textView) counts(i int) bool {
	p := tv.doc.Sentences[i].Paragraph
	return !tv.dupSentence[i] && !tv.paras[p].offTopic && !tv.paras[p].outOfPeriod
}

// signposts are the phrases that announce a conclusion.
var signposts = [][]string{
	{"in", "conclusion"}, {"to", "conclude"}, {"overall"}, {"ultimately"}, {"in", "summary"},
	{"to", "sum", "up"}, {"to", "summarise"}, {"to", "summarize"}, {"all", "in", "all"},
	{"on", "balance"}, {"in", "the", "end"}, {"in", "short"}, {"to", "sum", "it", "up"},
	{"in", "closing"}, {"all", "things", "considered"}, {"taken", "together"},
}

// signpostLen is the number of tokens a leading signpost takes (with its
// comma), or 0.
func signpostLen(toks []analysis.Token) int {
	for _, sp := range signposts {
		k, ok := 0, true
		for _, w := range sp {
			if k >= len(toks) || toks[k].Kind != analysis.KindWord || !strings.EqualFold(toks[k].Norm, w) {
				ok = false
				break
			}
			k++
		}
		if !ok {
			continue
		}
		if k < len(toks) && toks[k].Kind == analysis.KindPunct && toks[k].Norm == "," {
			k++
		}
		return k
	}
	return 0
}

// openers are connectives that open a sentence and link it to the one
// before; single words are runWords.
var openers = [][]string{
	{"as", "a", "result"}, {"on", "the", "other", "hand"}, {"in", "addition"}, {"in", "contrast"},
	{"by", "contrast"}, {"what", "is", "more"}, {"on", "top", "of", "this"}, {"because", "of", "this"},
	{"for", "this", "reason"}, {"in", "turn"}, {"to", "add", "to", "this"}, {"as", "well", "as", "this"},
	{"in", "fact"}, {"of", "course"}, {"clearly"}, {"indeed"}, {"besides"}, {"accordingly"},
}

// openerLen is the number of tokens a sentence-opening connective takes
// (with its comma), or 0.
func openerLen(toks []analysis.Token) int {
	k := 0
	if len(toks) > 0 && toks[0].Kind == analysis.KindWord && lowerIn(runWords, toks[0].Norm) {
		k = 1
	} else {
		for _, op := range openers {
			j, ok := 0, true
			for _, w := range op {
				if j >= len(toks) || toks[j].Kind != analysis.KindWord || !strings.EqualFold(toks[j].Norm, w) {
					ok = false
					break
				}
				j++
			}
			if ok {
				k = j
				break
			}
		}
	}
	if k == 0 || k >= len(toks) {
		// A sentence that is only a connective is not one to strip.
		return 0
	}
	if toks[k].Kind == analysis.KindPunct && (toks[k].Norm == "," || toks[k].Norm == ";") {
		k++
	}
	return k
}
