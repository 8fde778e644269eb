package argument

import "github.com/clio-history/clio/analysis"

// The skeleton of an essay's argument, sentence by sentence: the thesis, the
// claims that open body paragraphs, the evidence under them, counter-
// arguments and the writer's answers to them, the conclusion and the
// judgement within it.
//
// Each sentence is judged by what it does where it stands: its stance
// towards the question and the thesis, its place in its paragraph and in
// the essay, whether it restates, concedes, refutes, ranks or brings in an
// example, and how it relates to its neighbours. Cue phrases (cues.go) are
// evidence weighed with the rest; none decides a role alone, so that a
// conclusion without "In conclusion" is still a conclusion, and a "However"
// that turns to the writer's own next point is not a counter-argument.
//
// The weights and thresholds below were set by hand, by reading essays and
// the places where this reading and expert readers disagreed (on the tuning
// part of the PERSUADE development file, and on the team's essays); nothing
// in them is fitted to PERSUADE.

// role is what a sentence does in the argument.
type role uint8

const (
	roleNone role = iota
	roleLead
	roleThesis
	roleClaim
	roleEvidence
	roleCounterclaim
	roleRebuttal
	roleConcluding
)

// skeleton is the essay's argument as a reader maps it.
type skeleton struct {
	live []int // paragraphs that take part: not repeats, not headings
	// intro is the first live paragraph when there are two or more, and
	// the only one otherwise.
	intro int
	// conclusion is the paragraph that concludes, or -1.
	conclusion int
	// final is where the judgement is looked for: the conclusion, or else
	// the last live paragraph that bears on the question (-1 for an essay
	// of one paragraph, whose last sentences are used).
	final int
	body  []int
	// concluding are the sentences that conclude an essay of one
	// paragraph, or the closing sentences of a last paragraph that is
	// otherwise a body paragraph.
	concluding []int

	thesis int // sentence, or -1
	// lateThesis is the paragraph after the introduction when the thesis
	// opens it, or -1: that paragraph belongs to the introduction.
	lateThesis int
	restated   bool
	roles      []role // by sentence
	// claimOpened marks body paragraphs (by paragraph index) whose first
	// sentence is a claim.
	claimOpened map[int]bool
	counters    []int
	counterKind []string // how each counterclaim shows itself
	rebuttals   []int
	// answered pairs each counterclaim the writer answers with the
	// rebuttal that answers it.
	answered [][2]int
}

// Thresholds: a sentence takes a role when its score reaches these.
const (
	thesisMin = 3
	// thesisFound is what the introduction's best sentence needs (with its
	// point for standing last) for the introduction to have a thesis at
	// all: a little less than a sentence needs to be taken for one
	// elsewhere, since an introduction nearly always states the writer's
	// position somewhere.
	thesisFound   = 2
	claimMin      = 2
	conclusionMin = 1
	// lateThesis is how much more than thesisMin a sentence opening the
	// second paragraph needs to be the thesis.
	lateThesis = 2
)

// read maps the skeleton. It runs after focus is scored, so sentences know
// the question's terms and paragraphs whether they bear on it.
func (e *essay) read() *skeleton {
	sk := &skeleton{intro: -1, conclusion: -1, final: -1, thesis: -1, lateThesis: -1,
		roles: make([]role, len(e.sents)), claimOpened: map[int]bool{}}
	for i, p := range e.paras {
		if p.live() {
			sk.live = append(sk.live, i)
		}
	}
	if len(sk.live) == 0 {
		return sk
	}
	sk.intro = sk.live[0]
	qwords, qstems := e.questionWords(), e.questionStems()
	e.stance = stanceList(e.q.Command)

	// The thesis: the introduction's sentence that best answers the
	// question. In an essay of one paragraph, one of its first sentences.
	cands := e.paras[sk.intro].sents
	if len(sk.live) == 1 {
		cands = cands[:min(3, len(cands))]
	}
	// Whether the introduction has a thesis at all: its best sentence, with
	// a point for standing last, where a thesis often stands. Which
	// sentence it is: the best without that point, and among ties the
	// first, since the position usually comes before the sentences that
	// list the reasons for it.
	scores := make([]int, len(cands))
	detect, top := -100, -100
	for k, si := range cands {
		score, restated := e.thesisScore(si, qwords, qstems)
		if restated {
			sk.restated = true
		}
		scores[k] = score
		if k == len(cands)-1 && len(sk.live) > 1 {
			score++
		}
		detect = max(detect, score)
		top = max(top, scores[k])
	}
	best := -1
	if detect >= thesisFound {
		// When the best is weak, it is a thesis only if it takes a stance
		// of its own (a verdict, an opinion, what ought to be), not if it
		// sets the scene, tells the story or copies the question.
		weak := detect < thesisMin
		for k, si := range cands {
			if s := &e.sents[si]; scores[k] == top && (!weak || s.stance() && !s.cues.has(cueNarrative|cueFrame) && !s.framed()) {
				best = si
				break
			}
		}
	}
	// An introduction that only sets the scene (no sentence of it, or only a
	// weak one, takes a position) may leave the thesis to the
	// opening of the next paragraph: taken there only when it is clearly a
	// position, and the essay is long enough to have an introduction of
	// two paragraphs.
	if (best < 0 || detect < thesisMin) && len(sk.live) >= 4 {
		next := e.paras[sk.live[1]].sents
		for _, si := range next[:min(2, len(next))] {
			if score, _ := e.thesisScore(si, qwords, qstems); score >= thesisMin+lateThesis {
				best = si
				sk.lateThesis = sk.live[1]
				break
			}
		}
	}
	if best >= 0 {
		sk.thesis = best
		sk.restated = false
		sk.roles[best] = roleThesis
	}
	for _, si := range e.paras[sk.intro].sents {
		if sk.roles[si] == roleNone && e.sents[si].eligible() && len(sk.live) > 1 {
			sk.roles[si] = roleLead
		}
	}

	// The conclusion: the last live paragraph that bears on the question,
	// when what it does is conclude.
	last := -1
	for k := len(sk.live) - 1; k >= 1; k-- {
		if !e.paras[sk.live[k]].unrelated {
			last = sk.live[k]
			break
		}
	}
	if last >= 0 {
		sk.final = last
		if e.conclusionScore(last, sk) >= conclusionMin {
			sk.conclusion = last
			for _, si := range e.paras[last].sents {
				if e.sents[si].hasContent() {
					sk.roles[si] = roleConcluding
				}
			}
		} else {
			sk.concluding = e.concludingTail(last, sk)
		}
	}
	if len(sk.live) == 1 {
		sk.concluding = e.concludingSentences(sk.intro)
	}
	for _, si := range sk.concluding {
		sk.roles[si] = roleConcluding
	}

	for _, pi := range sk.live {
		if pi != sk.intro && pi != sk.conclusion && pi != sk.lateThesis {
			sk.body = append(sk.body, pi)
		}
	}
	if len(sk.live) == 1 {
		sk.body = []int{sk.intro}
	}

	// Claims and evidence in the body.
	var tstems []string
	if sk.thesis >= 0 {
		tstems = e.sents[sk.thesis].stems
	}
	for _, pi := range sk.body {
		first := true
		for _, si := range e.paras[pi].sents {
			s := &e.sents[si]
			if !s.eligible() || sk.roles[si] != roleNone {
				continue
			}
			if first && len(sk.live) > 1 {
				first = false
				if e.claimScore(si, tstems) >= claimMin {
					sk.roles[si] = roleClaim
					sk.claimOpened[pi] = true
					continue
				}
			}
			first = false
			// A paragraph may turn to a further point of its own in mid
			// course: "Henry also controlled the nobility, which…".
			if e.midClaim(si, tstems) {
				sk.roles[si] = roleClaim
				continue
			}
			if s.content > 0 || s.verbs > 0 {
				sk.roles[si] = roleEvidence
			}
		}
	}

	e.findCounters(sk)
	return sk
}

// hasContent reports a sentence that says something, padded or not: not a
// repeat, not a heading, and with a verb.
func (s *sentence) hasContent() bool { return s.dupOf < 0 && !s.heading && s.verbs > 0 }

// stance reports whether a sentence takes a position of the writer's own:
// an opinion, what ought to be, a verdict or a ranking.
func (s *sentence) stance() bool {
	return s.cues.has(cueOpinion | cueModal | cueEvaluative | cueRank)
}

// thesisScore weighs a sentence of the introduction as the writer's answer
// to the question. restated is true when it only frames or copies the
// question.
func (e *essay) thesisScore(si int, qwords, qstems []string) (score int, restated bool) {
	s := &e.sents[si]
	if !s.eligible() || s.offTopic || s.verbs == 0 || s.nWords < 4 {
		return -10, false
	}
	c := s.cues
	own := ownPhrases(s, e.stance, qwords)
	if c.has(cueOpinion) {
		score += 3
	}
	if c.has(cueModal) {
		score += 2
	}
	if c.has(cueEvaluative) {
		score++
	}
	if c.has(cueRank) {
		score++
	}
	score += 2 * min(own, 2)
	switch hits := s.keyHits + s.factorHit; {
	case hits >= 2:
		score += 2
	case hits == 1:
		score++
	}
	if c.has(cueQuestion) {
		score -= 4
	}
	if c.has(cueOthers|cueAttributed) && !c.has(cueOpinion) {
		score -= 3
	}
	if own == 0 && !c.has(cueOpinion) && (c.has(cueFrame) || s.framed() || e.restates(s, qstems)) {
		score -= 3
		restated = true
	}
	if c.has(cueNarrative) {
		score -= 2
	}
	if c.has(cueExample) {
		score--
	}
	if score >= thesisMin {
		restated = false
	}
	return score, restated
}

// claimScore weighs the first sentence of a body paragraph as a claim: a
// reason or point in general terms that the rest of the paragraph
// supports, rather than an example, a story, a quotation, someone else's
// view or the writer restating their opinion. A paragraph of one sentence
// has nothing under its first sentence to support it.
func (e *essay) claimScore(si int, thesisStems []string) int {
	s := &e.sents[si]
	if !s.eligible() || s.verbs == 0 || s.nWords < 3 {
		return -10
	}
	c := s.cues
	score := 0
	if c.has(cueEnumerate) {
		score += 2
	}
	if c.has(cueReason) {
		score++
	}
	if c.has(cueOpinion) {
		score--
	}
	if c.has(cueModal | cueEvaluative | cueRank | cuePossible) {
		score++
	}
	if s.keyHits+s.factorHit > 0 || len(thesisStems) > 0 && hits(thesisStems, s.stems) >= 2 {
		score++
	}
	if s.hasPointWord() {
		score++
	}
	switch {
	case s.nWords <= 25:
		score++
	case s.nWords > 40:
		score--
	}
	if c.has(cueExample) {
		score -= 2
	}
	if c.has(cueQuote) {
		score -= 2
	}
	if s.numbers > 0 {
		score--
	}
	if c.has(cueNarrative) {
		score -= 2
	}
	if c.has(cueAnaphor) {
		score--
	}
	if c.has(cueQuestion) {
		score--
	}
	if c.has(cueAttributed | cueOthers) {
		score -= 3
	}
	if c.has(cueSignpost | cueSummary) {
		score -= 2
	}
	// Its place: the first of several sentences, and shorter than the
	// sentences that develop it.
	var n, words int
	for _, oi := range e.paras[s.para].sents {
		if o := &e.sents[oi]; o.eligible() {
			n++
			words += o.nWords
		}
	}
	switch {
	case n <= 1:
		score -= 3
	case n == 2:
		score--
	case n >= 4:
		score++
	}
	if n > 0 && 10*s.nWords < 7*words/n {
		score++
	}
	return score
}

// conclusionScore weighs a last paragraph as a conclusion: it sums up,
// restates the thesis, takes a stance, and brings in nothing new; a
// signpost is one piece of evidence among these. Where it stands counts
// too: a developed essay of five paragraphs or more nearly always ends with
// a conclusion, while the last of two or three paragraphs is as often a
// point the writer stopped after.
func (e *essay) conclusionScore(pi int, sk *skeleton) int {
	// Sentences padded with connectives still say what they say: only
	// repeats, headings and sentences with no verb are left out, so that
	// padding can neither make a conclusion nor unmake one.
	var sents []*sentence
	for _, si := range e.paras[pi].sents {
		if s := &e.sents[si]; s.hasContent() {
			sents = append(sents, s)
		}
	}
	if len(sents) == 0 {
		return -10
	}
	score := 0
	first := sents[0]
	if first.cues.has(cueSignpost) {
		score += 2
	}
	var tstems []string
	if sk.thesis >= 0 {
		tstems = e.sents[sk.thesis].stems
	}
	summary, restate, stance, examples, words := false, false, false, 0, 0
	for _, s := range sents {
		words += s.nWords
		if s.cues.has(cueSummary) {
			summary = true
		}
		// It restates the thesis, or, when the introduction states none,
		// the question.
		if len(tstems) > 0 && hits(tstems, s.stems) >= 2 || len(tstems) == 0 && s.keyHits+s.factorHit >= 2 {
			restate = true
		}
		if s.stance() {
			stance = true
		}
		// New material: an example, a quotation, a story or a figure (a
		// year alone is not new: "…won the battle in 1066").
		if s.cues.has(cueExample|cueQuote|cueNarrative) || s.numbers > len(s.years) {
			examples++
		}
	}
	if summary {
		score += 2
	}
	if restate {
		score += 2
	}
	if stance {
		score++
	}
	switch {
	case 2*examples >= len(sents):
		score -= 2
	case examples > 0:
		score--
	}
	// "Another reason…", "…was very important as well": the paragraph
	// opens the writer's next point.
	if first.cues.has(cueEnumerate|cueAdditive) && !first.cues.has(cueSignpost) {
		score -= 2
	}
	if first.cues.has(cueAttributed|cueOthers) && !first.cues.has(cueOpinion) {
		score -= 2
	}
	switch n := len(sk.live); {
	case n <= 2:
		score -= 2
	case n == 3:
		score--
	case n >= 5:
		score++
	}
	// A short essay often stops rather than concludes: its last paragraph
	// is the point the writer reached when time ran out.
	switch w := e.nonDupWords(); {
	case w >= developedWords:
		score++
	case w < shortWords:
		score--
	}
	// A summing-up goes back over what the essay has said: most of its
	// words were used before. A last paragraph whose words are mostly new
	// is bringing in another point.
	switch fresh := e.freshShare(pi, sk); {
	case fresh < 0.3:
		score++
	case fresh >= 0.7:
		score--
	}
	// Much shorter than the paragraphs before it: a summing-up.
	if mean := e.meanBodyWords(sk, pi); mean > 0 && float64(words) <= 0.6*mean {
		score++
	}
	return score
}

// developedWords is the length from which an essay counts as developed;
// below shortWords it is as often unfinished.
const (
	developedWords = 450
	shortWords     = 300
)

// freshShare is the share of paragraph pi's distinct content stems that no
// earlier live paragraph uses.
func (e *essay) freshShare(pi int, sk *skeleton) float64 {
	seen := map[string]bool{}
	for _, q := range sk.live {
		if q >= pi {
			break
		}
		for _, si := range e.paras[q].sents {
			for _, st := range e.sents[si].stems {
				seen[st] = true
			}
		}
	}
	own := map[string]bool{}
	fresh := 0
	for _, si := range e.paras[pi].sents {
		for _, st := range e.sents[si].stems {
			if own[st] {
				continue
			}
			own[st] = true
			if !seen[st] {
				fresh++
			}
		}
	}
	if len(own) == 0 {
		return 0
	}
	return float64(fresh) / float64(len(own))
}

// concludingTail finds the closing sentences of a last paragraph that is
// not itself a conclusion: from the last (or last but one) sentence that
// sums up, or that restates the thesis with the writer's stance and
// without new examples, to the end. The paragraph's first sentence is not
// a tail.
func (e *essay) concludingTail(pi int, sk *skeleton) []int {
	ss := e.paras[pi].sents
	var tstems []string
	if sk.thesis >= 0 {
		tstems = e.sents[sk.thesis].stems
	}
	for k := max(1, len(ss)-2); k < len(ss); k++ {
		s := &e.sents[ss[k]]
		if !s.hasContent() {
			continue
		}
		sums := s.cues.has(cueSignpost | cueSummary)
		restates := s.cues.has(cueOpinion|cueModal) && len(tstems) > 0 && hits(tstems, s.stems) >= 2 &&
			!s.cues.has(cueExample|cueQuote|cueNarrative) && s.numbers == 0
		if sums || restates {
			return ss[k:]
		}
	}
	return nil
}

// meanBodyWords is the mean length of the live paragraphs between the
// introduction and paragraph last.
func (e *essay) meanBodyWords(sk *skeleton, last int) float64 {
	n, words := 0, 0
	for _, pi := range sk.live[1:] {
		if pi == last || e.paras[pi].unrelated {
			continue
		}
		n++
		for _, si := range e.paras[pi].sents {
			words += e.sents[si].nWords
		}
	}
	if n == 0 {
		return 0
	}
	return float64(words) / float64(n)
}

// concludingSentences finds the closing sentences of an essay written as
// one paragraph: from the last sentence that sums up to the end.
func (e *essay) concludingSentences(pi int) []int {
	ss := e.paras[pi].sents
	if len(ss) < 5 {
		return nil
	}
	for k := len(ss) - 1; k >= len(ss)-3; k-- {
		s := &e.sents[ss[k]]
		if s.hasContent() && s.cues.has(cueSignpost|cueSummary) && s.stance() {
			return ss[k:]
		}
	}
	return nil
}

// findCounters finds counter-arguments and the writer's answers to them,
// wherever they stand (one raised in the introduction is the foil the
// thesis is set against; it is never the thesis itself). A
// counterclaim is a view the writer puts in others' mouths, grants, or names
// as the other side; a rebuttal is the sentence that then answers it,
// turning against it or refuting it (or the same sentence, when it turns
// within itself: "Although some say…, I think…"). A paragraph that opens by
// granting a point the next sentence turns against is a counterclaim too,
// unmarked. A sentence that turns ("However, …") to a point of the writer's
// own, with nothing conceded before it, is neither.
func (e *essay) findCounters(sk *skeleton) {
	paras := append([]int{}, sk.body...)
	if sk.conclusion >= 0 {
		paras = append(paras, sk.conclusion)
	}
	if len(sk.live) > 1 {
		paras = append(paras, sk.intro)
	}
	for _, pi := range paras {
		if e.paras[pi].offTopic {
			continue
		}
		var live []int
		for _, si := range e.paras[pi].sents {
			if e.sents[si].eligible() {
				live = append(live, si)
			}
		}
		for k := 0; k < len(live); k++ {
			si := live[k]
			s := &e.sents[si]
			if sk.roles[si] == roleThesis || s.verbs == 0 {
				continue
			}
			c := s.cues
			ni := -1
			if k+1 < len(live) {
				ni = live[k+1]
			}
			turns := ni >= 0 && e.answers(&e.sents[ni])
			// A view put in others' mouths may be set out over a sentence
			// or two of its evidence before the writer answers it.
			later := ni
			for j := k + 1; j < len(live) && j <= k+rebuttalReach && !turns; j++ {
				if e.answers(&e.sents[live[j]]) {
					later = live[j]
					break
				}
			}
			// A view put in others' mouths. A historian's view is as often
			// the writer's evidence as a view against it: it is a
			// counterclaim only when the writer then answers it.
			scholarly := c.has(cueScholarly) && !c.has(cueAttributed&^cueScholarly|cueOthers)
			viewed := c.has(cueAttributed | cueOthers | cueScholarly)
			others := viewed && !c.has(cueOpinion)
			kind := ""
			switch {
			case viewed && c.has(cueTurnInside):
				kind, ni, turns = "attributed", si, true
			case others && turns:
				kind = "attributed"
			case others && later != ni:
				kind, ni, turns = "attributed", later, true
			case others && !scholarly:
				kind = "attributed-alone"
			case c.has(cueConcede) && c.has(cueTurnInside):
				kind, ni, turns = "conceded", si, true
			case c.has(cueConcede) && turns:
				kind = "conceded"
			case c.has(cueThough) && c.has(cueTurnInside|cueOpinion):
				kind, ni, turns = "though", si, true
			case c.has(cueOpposing) && (turns || later != ni || c.has(cueTurnInside)):
				kind = "opposing"
				switch {
				case turns:
				case later != ni:
					ni, turns = later, true
				default:
					ni, turns = si, true
				}
			}
			if kind == "" {
				continue
			}
			if !turns {
				ni = -1
			}
			sk.addCounter(si, ni, kind)
			if ni > si {
				for k+1 < len(live) && live[k+1] <= ni {
					k++
				}
			}
		}
	}
}

// answers reports whether s turns against what came before: it opens with
// a contrast that is not the start of the writer's next point, or it
// refutes.
func (e *essay) answers(s *sentence) bool {
	c := s.cues
	if !s.eligible() {
		return false
	}
	if c.has(cueAdditive) && !c.has(cueRefute) {
		// "However, Stalin also…": the writer's own next point.
		return false
	}
	// "This is true, but…": granted, then answered.
	return c.has(cueContrastOpen) || c.has(cueRefute) || c.has(cueConcede) && c.has(cueTurnInside)
}

// rebuttalReach is how many sentences after a view put in others' mouths
// the writer's answer may come.
const rebuttalReach = 3

func (sk *skeleton) addCounter(counter, rebuttal int, kind string) {
	sk.counters = append(sk.counters, counter)
	sk.counterKind = append(sk.counterKind, kind)
	if sk.roles[counter] != roleThesis {
		sk.roles[counter] = roleCounterclaim
	}
	if rebuttal >= 0 {
		if rebuttal != counter {
			sk.roles[rebuttal] = roleRebuttal
		}
		sk.rebuttals = append(sk.rebuttals, rebuttal)
		sk.answered = append(sk.answered, [2]int{counter, rebuttal})
	}
}

// reasoned reports whether a judgement is argued rather than asserted: the
// sentence gives a reason or weighs one factor against another ("mainly
// because…", "the second most important", "mattered least", "only partly"),
// the sentence after it explains the same thing, or another sentence of the
// paragraph ranks too (two rankings weigh). "X was the most important
// reason." on its own is asserted.
func (e *essay) reasoned(j int, cands []int) bool {
	s := &e.sents[j]
	if s.causal > 0 || s.contrast > 0 || s.hasAny(weighPhrases) || s.hasAny(relativeRank) {
		return true
	}
	qstems := e.questionStems()
	for k, si := range cands {
		o := &e.sents[si]
		if si == j || !o.eligible() || o.offTopic {
			continue
		}
		if o.cues.has(cueRank) && o.claim {
			return true
		}
		if k > 0 && cands[k-1] == j && o.analytical() && sharesOwn(s, o, qstems) {
			return true
		}
	}
	return false
}

// relativeRank places one factor against others.
var relativeRank = [][]string{
	{"more", "successful"}, {"less", "successful"}, {"more", "effective"}, {"less", "effective"},
	{"more", "to", "blame"}, {"less", "to", "blame"}, {"more", "responsible"}, {"less", "responsible"},
	{"second"}, {"third"}, {"least"}, {"secondary"}, {"only", "partly"}, {"partly"},
	{"necessary", "but"}, {"limited", "sense"}, {"to", "a", "large", "extent"},
	{"to", "a", "great", "extent"}, {"to", "a", "limited", "extent"}, {"to", "some", "extent"},
	{"to", "a", "certain", "extent"}, {"to", "an", "extent"}, {"more", "important"},
	{"less", "important"}, {"more", "significant"}, {"less", "significant"},
}

// sharesOwn reports whether two sentences share a content stem that is not
// the question's own and not a word every point uses ("reason").
func sharesOwn(a, b *sentence, qstems []string) bool {
	for _, x := range a.stems {
		if pointWords[x] || hits([]string{x}, qstems) > 0 {
			continue
		}
		for _, y := range b.stems {
			if x == y {
				return true
			}
		}
	}
	return false
}

// echoes reports whether a body paragraph's opening claim carries the
// argument forward: it shares terms with the thesis, or names the
// question's terms or a reason.
func (e *essay) echoes(s *sentence, thesis int) bool {
	if thesis < 0 {
		return false
	}
	t := &e.sents[thesis]
	return hits(t.stems, s.stems) >= 2 || s.keyHits+s.factorHit > 0 || s.hasPointWord()
}

// reportElements reports the skeleton's claims, runs of evidence,
// counterclaims and rebuttals as findings, so a reader can see the
// argument's bones. Repeats and word salad take no part.
func (e *essay) reportElements(add func(string, analysis.Severity, analysis.Span, string, map[string]string), m *messages, sk *skeleton) {
	span := func(a, b int) analysis.Span {
		return analysis.Span{Start: e.sents[a].span.Start, End: e.sents[b].span.End}
	}
	rebuttalOf := map[int]int{}
	counterOf := map[int]int{}
	for _, pair := range sk.answered {
		rebuttalOf[pair[0]] = pair[1]
		counterOf[pair[1]] = pair[0]
	}
	runStart := -1
	flush := func(end int) {
		if runStart >= 0 {
			add(CodeEvidence, analysis.SeverityInfo, span(runStart, end), m.evidence(), nil)
			runStart = -1
		}
	}
	prev := -1
	for si := range e.sents {
		r := sk.roles[si]
		if r != roleEvidence || prev >= 0 && e.sents[prev].para != e.sents[si].para {
			flush(prev)
		}
		switch r {
		case roleClaim:
			add(CodeClaim, analysis.SeverityInfo, e.sents[si].span, m.claimElement(), nil)
		case roleEvidence:
			if runStart < 0 {
				runStart = si
			}
			prev = si
			continue
		}
		prev = -1
	}
	flush(prev)
	for k, c := range sk.counters {
		data := map[string]string{"kind": sk.counterKind[k]}
		r, answered := rebuttalOf[c]
		if answered {
			data["rebuttal_start"], data["rebuttal_end"] = itoa(e.sents[r].span.Start), itoa(e.sents[r].span.End)
		}
		add(CodeCounterclaim, analysis.SeverityInfo, e.sents[c].span, m.counterclaim(answered), data)
	}
	for _, r := range sk.rebuttals {
		c := counterOf[r]
		add(CodeRebuttal, analysis.SeverityInfo, e.sents[r].span, m.rebuttal(),
			map[string]string{"counterclaim_start": itoa(e.sents[c].span.Start), "counterclaim_end": itoa(e.sents[c].span.End)})
	}
}

// otherJudgements are the sentences of cands besides the main judgement
// that also judge: they rank or weigh a factor, or state a position in the
// judgement's terms.
func (e *essay) otherJudgements(cands []int, main int) []int {
	list := judgementList(e.q.Command)
	qwords, qstems := e.questionWords(), e.questionStems()
	var out []int
	for _, si := range cands {
		if si == main {
			continue
		}
		s := &e.sents[si]
		score, _ := e.answerScore(si, list, qwords, qstems)
		weighs := s.hasAny(relativeRank) ||
			s.cues.has(cueTurnInside|cueContrastOpen) && s.cues.has(cueEvaluative|cueRank)
		if score > 0 || s.eligible() && !s.offTopic && s.claim && weighs {
			out = append(out, si)
		}
	}
	return out
}

// midClaim reports a sentence inside a body paragraph that opens a further
// point: it announces one ("Another reason…", "Secondly…") or adds one
// ("…also…") in the general terms of a claim, and is not the paragraph's
// last sentence, which closes rather than opens.
func (e *essay) midClaim(si int, thesisStems []string) bool {
	s := &e.sents[si]
	ss := e.paras[s.para].sents
	if len(ss) < 3 || ss[len(ss)-1] == si || !s.cues.has(cueEnumerate|cueAdditive) {
		return false
	}
	if s.cues.has(cueExample|cueQuote|cueNarrative|cueAnaphor) || s.numbers > 0 {
		return false
	}
	return e.claimScore(si, thesisStems) >= claimMin+2 && (s.hasPointWord() || s.keyHits+s.factorHit > 0)
}
