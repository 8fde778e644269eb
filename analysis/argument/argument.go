package argument

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/question"
)

// Analyzer judges the argument of an essay. It has no state and is safe for
// concurrent use.
type Analyzer struct{}

// New returns the argument analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return Name }

// paragraph is what the analyzer knows about one paragraph.
type paragraph struct {
	idx      int
	span     analysis.Span
	sents    []int // indices into essay.sents
	dupOf    int   // earlier paragraph this repeats, or -1
	heading  bool
	allSalad bool
	offTopic bool
	// unrelated: off topic because it shares nothing with the question,
	// not merely because its years fall outside the period.
	unrelated bool
	keyHits   int
}

// live paragraphs take part in the argument. A paragraph of word salad
// still does (it holds the place of a paragraph and earns nothing), so that
// turning a paragraph into salad can never remove it from a count.
func (p *paragraph) live() bool { return p.dupOf < 0 && !p.heading }

// essay gathers everything the checks share.
type essay struct {
	doc         *analysis.Document
	q           analysis.Question
	claim       string
	keyStems    []string
	factorStems []string
	// distinctStems are the factor's stems that the rest of the question
	// does not use: "military capability", not the "Normans" whose victory
	// the question is about.
	distinctStems []string
	// claimStems are the stems of the claim the question states, if any.
	claimStems []string
	// stance are the phrases that take a position, for the question's
	// command (stanceList).
	stance [][]string
	// qwords and qstems are the question's words and stems, computed
	// once (questionWords, questionStems).
	qwords, qstems []string
	sents          []sentence
	paras          []paragraph
}

// Analyze implements analysis.Analyzer.
func (a *Analyzer) Analyze(ctx context.Context, doc *analysis.Document, task analysis.Task) (analysis.Output, error) {
	if doc == nil || len(doc.Paragraphs) == 0 || len(doc.Sentences) == 0 {
		return analysis.Output{Metrics: zeroMetrics()}, nil
	}
	e, err := prepare(ctx, doc, task)
	if err != nil {
		return analysis.Output{}, err
	}
	return e.judge(), nil
}

// prepare describes every sentence and paragraph and scores focus: all the
// reading judge builds on.
func prepare(ctx context.Context, doc *analysis.Document, task analysis.Task) (*essay, error) {
	e := &essay{doc: doc, q: enrich(task.Question)}
	e.claim = question.Claim(e.q.Text)
	e.keyStems = termStems(e.q.KeyTerms)
	e.claimStems = termStems([]string{e.claim})
	if e.q.Factor != "" {
		e.factorStems = termStems([]string{e.q.Factor})
		rest := strings.Replace(strings.ToLower(analysis.Normalize(e.q.Text)), strings.ToLower(analysis.Normalize(e.q.Factor)), " ", 1)
		restStems := termStems([]string{rest})
		for _, st := range e.factorStems {
			if hits([]string{st}, restStems) == 0 {
				e.distinctStems = append(e.distinctStems, st)
			}
		}
		if len(e.distinctStems) == 0 {
			e.distinctStems = e.factorStems
		}
	}
	e.sents = make([]sentence, len(doc.Sentences))
	bufs := newBuffers(len(doc.Tokens))
	for i := range doc.Sentences {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("argument: %w", err)
			}
		}
		e.sents[i] = describe(doc, i, bufs)
	}
	e.markSprinkled()
	e.buildParagraphs()
	e.findDuplicates()
	e.scoreFocus()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("argument: %w", err)
	}
	return e, nil
}

// Sprinkling: when most sentences open with a linking word, the linking
// words are padding, not signposts. Real essays open perhaps one sentence in
// five that way.
const (
	sprinkleShare = 0.6
	sprinkleMin   = 8
)

// markSprinkled turns every connective-led sentence into word salad when
// the essay opens most of its sentences with one.
func (e *essay) markSprinkled() {
	n, led := 0, 0
	for i := range e.sents {
		if e.sents[i].nWords == 0 {
			continue
		}
		n++
		if e.sents[i].initialAdverbial {
			led++
		}
	}
	if n < sprinkleMin || float64(led) < sprinkleShare*float64(n) {
		return
	}
	for i := range e.sents {
		s := &e.sents[i]
		if s.initialAdverbial && s.salad == "" {
			s.salad = "sprinkled"
		}
	}
}

// enrich parses the question's text when the caller has not.
func enrich(q analysis.Question) analysis.Question {
	if q.Text == "" || (q.Command != "" && len(q.KeyTerms) > 0) {
		return q
	}
	parsed := question.Parse(q.Text)
	if q.Command == "" {
		q.Command = parsed.Command
	}
	if q.Factor == "" {
		q.Factor = parsed.Factor
	}
	if q.Period == nil {
		q.Period = parsed.Period
	}
	if len(q.KeyTerms) == 0 {
		q.KeyTerms = parsed.KeyTerms
	}
	return q
}

func termStems(terms []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		for _, w := range strings.FieldsFunc(strings.ToLower(analysis.Normalize(t)), func(r rune) bool {
			return r == ' ' || r == '-' || r == ',' || r == '.'
		}) {
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
			if len(w) < 2 || question.IsStopword(w) || functionWords[w] {
				continue
			}
			st := question.Stem(w)
			if !seen[st] {
				seen[st] = true
				out = append(out, st)
			}
		}
	}
	return out
}

func (e *essay) buildParagraphs() {
	e.paras = make([]paragraph, len(e.doc.Paragraphs))
	for i, p := range e.doc.Paragraphs {
		par := paragraph{idx: i, span: p.Span, dupOf: -1}
		for si := p.Sentences.Start; si < p.Sentences.End; si++ {
			par.sents = append(par.sents, si)
		}
		// A heading: one short line without a full stop.
		if len(par.sents) == 1 {
			s := &e.sents[par.sents[0]]
			last := strings.TrimSpace(e.doc.Slice(p.Span))
			if s.nWords <= 12 && last != "" && !strings.ContainsAny(last[len(last)-1:], ".?!\"'") {
				par.heading = true
				s.heading = true
			}
		}
		e.paras[i] = par
	}
}

// findDuplicates marks repeated paragraphs and sentences: the later copy is
// the one marked.
func (e *essay) findDuplicates() {
	texts := make([][]string, len(e.sents))
	for i := range e.sents {
		texts[i] = e.sents[i].words
	}
	for i, j := range nearDuplicates(texts, minDupWords, false) {
		e.sents[i].dupOf = j
	}
	// A paragraph's words are its sentences' words, laid end to end in one
	// shared buffer.
	all := 0
	for i := range e.sents {
		all += len(e.sents[i].words)
	}
	buf := make([]string, 0, all)
	ptexts := make([][]string, len(e.paras))
	for i, p := range e.paras {
		start := len(buf)
		for _, si := range p.sents {
			buf = append(buf, e.sents[si].words...)
		}
		ptexts[i] = buf[start:len(buf):len(buf)]
	}
	pdup := nearDuplicates(ptexts, 15, true)
	for i := range e.paras {
		p := &e.paras[i]
		total, dup, salad := 0, 0, 0
		for _, si := range p.sents {
			s := &e.sents[si]
			total += s.nWords
			if s.dupOf >= 0 {
				dup += s.nWords
			}
			if s.salad != "" {
				salad += s.nWords
			}
		}
		switch {
		case pdup[i] >= 0:
			p.dupOf = pdup[i]
		case total > 0 && dup*5 >= total*4:
			p.dupOf = e.sents[firstDup(e, p)].para
		}
		if p.dupOf >= 0 {
			orig := e.paras[p.dupOf].sents
			for k, si := range p.sents {
				if e.sents[si].dupOf < 0 && len(orig) > 0 {
					e.sents[si].dupOf = orig[min(k, len(orig)-1)]
				}
			}
		}
		p.allSalad = total > 0 && salad == total
	}
}

func firstDup(e *essay, p *paragraph) int {
	for _, si := range p.sents {
		if d := e.sents[si].dupOf; d >= 0 {
			return d
		}
	}
	return p.sents[0]
}

// hits counts the distinct stems of want that occur among have.
func hits(want, have []string) int {
	n := 0
	for _, w := range want {
		for _, h := range have {
			if question.StemsMatch(w, h) {
				n++
				break
			}
		}
	}
	return n
}

// scoreFocus decides which paragraphs bear on the question: they mention
// its key terms (a name counts double: a paragraph about Stalin bears on a
// question about Stalin), its period, or the people and places the rest of
// the essay is about.
func (e *essay) scoreFocus() {
	for i := range e.sents {
		s := &e.sents[i]
		s.keyHits = hits(e.keyStems, s.stems)
		s.factorHit = hits(e.factorStems, s.stems)
	}
	// Names: words the essay writes with a capital in mid-sentence.
	essayNames := map[string]bool{}
	for i := range e.sents {
		for _, n := range e.sents[i].names {
			essayNames[n] = true
		}
	}
	nameKeys := termStems(capitalised(e.q.KeyTerms))
	// Each live paragraph's distinct stems, as windows of one buffer, and
	// in how many live paragraphs each stem occurs: a stem is shared with
	// another paragraph when it occurs in two. Names are the stems that are
	// essay names.
	distinct := make([][]string, len(e.paras))
	all := 0
	for i := range e.sents {
		all += len(e.sents[i].stems)
	}
	buf := make([]string, 0, all)
	type spread struct{ paras, last int32 }
	stems := make(map[string]spread, all/2)
	live := 0
	for i, p := range e.paras {
		if !p.live() {
			continue
		}
		live++
		start := len(buf)
		for _, si := range p.sents {
			for _, st := range e.sents[si].stems {
				sp, ok := stems[st]
				if ok && int(sp.last) == i {
					continue
				}
				stems[st] = spread{paras: sp.paras + 1, last: int32(i)}
				buf = append(buf, st)
			}
		}
		distinct[i] = buf[start:len(buf):len(buf)]
	}
	var pstems []string
	for i := range e.paras {
		p := &e.paras[i]
		if i == 0 || !p.live() {
			continue
		}
		shared, common := 0, 0
		for _, st := range distinct[i] {
			if stems[st].paras > 1 {
				common++
				if essayNames[st] {
					shared++
				}
			}
		}
		pstems = pstems[:0]
		inPeriod, words := false, 0
		for _, si := range p.sents {
			s := &e.sents[si]
			pstems = append(pstems, s.stems...)
			words += s.nWords
			if e.q.Period != nil {
				for _, y := range s.years {
					if y >= e.q.Period.From-10 && y <= e.q.Period.To+10 {
						inPeriod = true
					}
				}
			}
		}
		p.keyHits = hits(e.keyStems, pstems) + hits(e.factorStems, pstems)
		switch {
		case len(e.keyStems) > 0:
			score := p.keyHits + hits(nameKeys, pstems) + min(shared, 2)
			if inPeriod {
				score++
			}
			p.unrelated = !(score >= 2 || score >= 1 && words < 60)
			p.offTopic = p.unrelated || e.outOfPeriod(i)
		case live >= 3:
			// No question: a paragraph that shares neither names nor much
			// vocabulary with the rest of the essay has wandered off.
			total := len(distinct[i])
			p.unrelated = shared == 0 && total >= 10 && float64(common) < 0.12*float64(total)
			p.offTopic = p.unrelated
		}
		if p.offTopic {
			for _, si := range p.sents {
				e.sents[si].offTopic = true
			}
		}
	}
}

// capitalised keeps the terms that are names.
func capitalised(terms []string) []string {
	var out []string
	for _, t := range terms {
		if t != "" && t[0] >= 'A' && t[0] <= 'Z' {
			out = append(out, t)
		}
	}
	return out
}

var extentPhrases = [][]string{
	{"to", "a", "great", "extent"}, {"to", "a", "large", "extent"}, {"to", "a", "limited", "extent"},
	{"to", "some", "extent"}, {"to", "a", "certain", "extent"}, {"i", "agree"}, {"i", "disagree"},
	{"on", "balance"}, {"overall"}, {"largely", "agree"}, {"partly", "agree"},
}

// questionWords is the question's text as words, to tell a student's own
// judgement from words copied out of the question.
func (e *essay) questionWords() []string {
	if e.qwords == nil {
		e.qwords = e.computeQuestionWords()
	}
	return e.qwords
}

func (e *essay) computeQuestionWords() []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(analysis.Normalize(e.q.Text)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r > 127)
	}) {
		out = append(out, strings.TrimSuffix(f, "'s"))
	}
	return out
}

// ownPhrases counts the phrases of list in s that the question does not
// itself contain.
func ownPhrases(s *sentence, list [][]string, qwords []string) int {
	n := 0
	for _, ph := range list {
		if s.has(ph) && indexOf(qwords, ph) < 0 {
			n++
		}
	}
	return n
}

// framed reports a sentence that plans or asks rather than answers.
func (s *sentence) framed() bool { return s.hasAny(framePhrases) }

// restates reports whether s mostly repeats the question's own words.
func (e *essay) restates(s *sentence, qstems []string) bool {
	if len(s.stems) == 0 || len(qstems) == 0 {
		return false
	}
	in := 0
	for _, st := range s.stems {
		for _, q := range qstems {
			if question.StemsMatch(st, q) {
				in++
				break
			}
		}
	}
	return float64(in) >= 0.85*float64(len(s.stems))
}

func (e *essay) questionStems() []string {
	if e.qstems == nil {
		e.qstems = e.computeQuestionStems()
	}
	return e.qstems
}

func (e *essay) computeQuestionStems() []string {
	var out []string
	for _, w := range e.questionWords() {
		if functionWords[w] || len(w) < 2 || startsDigit(w) {
			continue
		}
		out = append(out, question.Stem(w))
	}
	return out
}

// answerSentence picks the sentence among cands that best states a position
// (a thesis or a judgement) using list, or -1. restated is true when the
// best candidate only repeated the question.
func (e *essay) answerSentence(cands []int, list [][]string, preferLast bool) (best int, restated bool) {
	qwords, qstems := e.questionWords(), e.questionStems()
	best, bestScore := -1, 0
	for _, si := range cands {
		score, r := e.answerScore(si, list, qwords, qstems)
		restated = restated || r
		if score > 0 && (score > bestScore || preferLast && score == bestScore) {
			best, bestScore = si, score
		}
	}
	if best >= 0 {
		restated = false
	}
	return best, restated
}

// answerScore weighs a sentence as a position (a thesis or a judgement)
// stated with the phrases of list: 0 when it states none, and restated
// when it only frames or copies the question.
func (e *essay) answerScore(si int, list [][]string, qwords, qstems []string) (score int, restated bool) {
	s := &e.sents[si]
	if !s.eligible() || s.verbs == 0 || s.content+s.covered < 2 || s.offTopic {
		return 0, false
	}
	own := ownPhrases(s, list, qwords)
	all := s.countAny(list)
	// For a question that states a claim, a sentence that affirms or
	// denies the claim in its own words answers it.
	if e.claimQuestion() && len(e.claimStems) >= 2 && 5*hits(e.claimStems, s.stems) >= 3*len(e.claimStems) {
		all++
		own++
	}
	if all == 0 {
		return 0, false
	}
	// "This essay will discuss whether…", or the question copied out:
	// no position of the writer's own.
	if own == 0 && (s.framed() || e.restates(s, qstems)) {
		return 0, true
	}
	// One judgement phrase in a sentence that names nothing from the
	// question may be about anything, unless the sentence stands in a
	// paragraph about the question ("…; the divisions of its enemies come
	// second to these").
	if len(e.keyStems) > 0 && s.keyHits+s.factorHit == 0 && all < 2 && e.paras[s.para].keyHits == 0 {
		return 0, false
	}
	return 2*all + s.keyHits + s.factorHit + s.countAny(weighPhrases), false
}

// polarity is the stance a sentence takes on the question's claim: +1 for,
// -1 against, 0 partial or unclear.
func (e *essay) polarity(si int) int {
	if si < 0 {
		return 0
	}
	s := &e.sents[si]
	if s.hasAny(partialCues) {
		return 0
	}
	neg, pos := s.hasAny(negativeCues), s.hasAny(positiveCues)
	explicit := s.has([]string{"agree"}) || s.has([]string{"disagree"}) || s.hasAny(extentPhrases)
	if hits(e.distinctStems, s.stems) == 0 && !explicit {
		if len(e.factorStems) > 0 && pos && !neg && s.keyHits > 0 && strings.Contains(strings.ToLower(e.claim+" "+e.q.Text), "most important") {
			// Another factor named as the most important disagrees with
			// a claim that this one was.
			return -1
		}
		return 0
	}
	switch {
	case neg:
		return -1
	case pos:
		return 1
	}
	return 0
}

func zeroMetrics() map[string]float64 {
	return map[string]float64{
		MetricAnalyticalSentenceShare: 0, MetricEvaluativePer100Words: 0,
		MetricParagraphsWithPointShare: 0, MetricLinkedShare: 0,
		MetricNarrativeShare: 0, MetricBalance: 0, MetricThesis: 0,
		MetricJudgement: 0, MetricConsistentJudgement: 0, MetricRepetitionShare: 0,
		MetricWordSaladShare: 0, MetricAssertedJudgement: 0, MetricConclusion: 0,
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// claimQuestion reports a question that states a claim to weigh.
func (e *essay) claimQuestion() bool {
	switch e.q.Command {
	case "how-far-agree", "to-what-extent", "how-accurate", "assess-validity":
		return e.claim != ""
	}
	return false
}
