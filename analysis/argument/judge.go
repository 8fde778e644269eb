package argument

import (
	"github.com/clio-history/clio/analysis"
)

// maxRepeatFindings caps repetition and word-salad findings: a padded essay
// can repeat itself hundreds of times, and the metric already says how much.
const maxRepeatFindings = 30

type bodyResult struct {
	point, linked, narrative, offTopic bool
	// claim: the paragraph opens with a claim; sustained: that claim
	// carries the thesis or the question's terms forward.
	claim, sustained bool
	analytical       int
}

func (e *essay) judge() analysis.Output {
	out := analysis.Output{Metrics: zeroMetrics()}
	add := func(code string, sev analysis.Severity, span analysis.Span, msg string, data map[string]string) {
		out.Findings = append(out.Findings, analysis.Finding{Code: code, Severity: sev, Span: span, Message: msg, Data: data})
	}
	m := newMessages(e)
	sk := e.read()

	if e.q.Text == "" {
		add(CodeNoQuestion, analysis.SeverityInfo, e.sents[0].span, m.noQuestion(), nil)
	}

	// Repetition and word salad.
	e.reportPadding(add, m)
	if len(sk.live) == 0 {
		e.fillPaddingMetrics(out.Metrics)
		return out
	}
	// A conclusion that strays past the period ("…he stayed in power
	// until 1953") is still the conclusion.
	if sk.conclusion >= 0 {
		if p := &e.paras[sk.conclusion]; p.offTopic {
			p.offTopic = false
			for _, si := range p.sents {
				e.sents[si].offTopic = false
			}
		}
	}

	// Introduction: the line of argument.
	thesis := sk.thesis
	if thesis >= 0 {
		add(CodeThesis, analysis.SeverityStrength, e.sents[thesis].span, m.thesis(), nil)
		out.Metrics[MetricThesis] = 1
	} else {
		span := e.paras[sk.intro].span
		if len(sk.live) == 1 {
			span = e.sents[e.paras[sk.intro].sents[0]].span
		}
		add(CodeNoThesis, analysis.SeverityWarning, span, m.noThesis(sk.restated), nil)
	}

	// Conclusion: the paragraph that concludes, however it opens.
	switch {
	case sk.conclusion >= 0:
		add(CodeConclusion, analysis.SeverityInfo, e.paras[sk.conclusion].span, m.conclusion(), nil)
		out.Metrics[MetricConclusion] = 1
	case len(sk.concluding) > 0:
		span := analysis.Span{Start: e.sents[sk.concluding[0]].span.Start, End: e.sents[sk.concluding[len(sk.concluding)-1]].span.End}
		add(CodeConclusion, analysis.SeverityInfo, span, m.conclusion(), nil)
		out.Metrics[MetricConclusion] = 1
	}

	// The judgement: wherever it stands in the conclusion, whether or not
	// the conclusion announces itself, or in the closing sentences of a
	// last paragraph that is not one.
	var judgeCands []int
	switch {
	case sk.conclusion >= 0:
		judgeCands = e.paras[sk.conclusion].sents
	case sk.final >= 0:
		// A last paragraph that is not a conclusion may still close on a
		// judgement, but its opening claim is a point, not the answer.
		ss := e.paras[sk.final].sents
		if len(ss) >= 2 {
			judgeCands = ss[max(1, len(ss)-2):]
		}
	case len(sk.live) == 1 && len(e.paras[sk.intro].sents) >= 4:
		ss := e.paras[sk.intro].sents
		judgeCands = ss[len(ss)-2:]
	}
	judgement := -1
	if len(judgeCands) > 0 {
		judgement, _ = e.answerSentence(judgeCands, judgementList(e.q.Command), false)
	}
	switch {
	case judgement >= 0 && e.reasoned(judgement, judgeCands):
		weighs := e.sents[judgement].hasAny(weighPhrases)
		add(CodeJudgement, analysis.SeverityStrength, e.sents[judgement].span, m.judgement(weighs), nil)
		// A conclusion that ranks several factors judges in several
		// sentences ("…the second most important", "Ideology mattered
		// least"): each is shown.
		for _, si := range e.otherJudgements(judgeCands, judgement) {
			add(CodeJudgement, analysis.SeverityStrength, e.sents[si].span, m.judgementAlso(), map[string]string{"role": "also"})
		}
		out.Metrics[MetricJudgement] = 1
		out.Metrics[MetricConsistentJudgement] = 1
	case judgement >= 0:
		add(CodeAssertedJudgement, analysis.SeverityWarning, e.sents[judgement].span, m.assertedJudgement(), nil)
		out.Metrics[MetricAssertedJudgement] = 1
	default:
		last := sk.live[len(sk.live)-1]
		if sk.final >= 0 {
			last = sk.final
		}
		add(CodeNoJudgement, analysis.SeverityWarning, e.paras[last].span, m.noJudgement(sk.conclusion >= 0), nil)
	}
	if judgement >= 0 && thesis >= 0 {
		pi, pc := e.polarity(thesis), e.polarity(judgement)
		if pi*pc < 0 {
			add(CodeInconsistent, analysis.SeverityWarning, e.sents[judgement].span, m.inconsistent(pi),
				map[string]string{"thesis_start": itoa(e.sents[thesis].span.Start), "thesis_end": itoa(e.sents[thesis].span.End)})
			out.Metrics[MetricConsistentJudgement] = 0
		}
	}

	// Body paragraphs.
	results := make([]bodyResult, len(sk.body))
	for k, pi := range sk.body {
		p := &e.paras[pi]
		res := &results[k]
		var live []int // sentences not repeated from elsewhere
		for _, si := range p.sents {
			if e.sents[si].dupOf < 0 && !e.sents[si].heading {
				live = append(live, si)
			}
		}
		var content int
		res.narrative, res.analytical, content = e.narrativeOf(live)
		if p.offTopic {
			res.offTopic = true
			add(CodeOffTopic, analysis.SeverityWarning, p.span, m.offTopic(e.outOfPeriod(pi)), nil)
			if res.narrative {
				add(CodeNarrative, analysis.SeverityWarning, p.span, m.narrative(), nil)
			}
			continue
		}
		if len(live) == 0 {
			continue
		}

		first := &e.sents[live[0]]
		res.claim = sk.claimOpened[pi]
		res.point = res.claim && e.isPoint(first)
		res.sustained = res.claim && e.echoes(first, thesis)
		if len(sk.live) > 1 {
			switch {
			case res.point:
				add(CodePoint, analysis.SeverityStrength, first.span, m.point(), nil)
			default:
				add(CodeNoPoint, analysis.SeverityInfo, first.span, m.noPoint(), nil)
			}
		}
		lastS := &e.sents[live[len(live)-1]]
		res.linked = e.isLink(live)
		switch {
		case res.narrative:
			add(CodeNarrative, analysis.SeverityWarning, p.span, m.narrative(), nil)
		case res.analytical == 0 && content > 0:
			add(CodeNoExplanation, analysis.SeverityInfo, p.span, m.noExplanation(), nil)
		case !res.linked && len(live) >= 3:
			add(CodeNoLink, analysis.SeverityInfo, lastS.span, m.noLink(), nil)
		}
	}

	// The skeleton: claims, evidence, counterclaims and rebuttals.
	e.reportElements(add, m, sk)

	// Balance.
	counter := e.counterArgument(sk)
	others := e.otherFactors(sk, results)
	if counter >= 0 && others {
		add(CodeBalance, analysis.SeverityStrength, e.sents[counter].span, m.balance(), nil)
		out.Metrics[MetricBalance] = 1
	} else if len(sk.body) > 0 {
		span := e.paras[sk.intro].span
		if thesis >= 0 {
			span = e.sents[thesis].span
		}
		add(CodeOneSided, analysis.SeverityWarning, span, m.oneSided(others, counter >= 0), nil)
	}

	// Metrics: shares over material that is not repeated; padding counts
	// against the writer, never for.
	nonDupSents, analytical, markers := 0, 0, 0
	for i := range e.sents {
		s := &e.sents[i]
		if s.dupOf >= 0 || s.heading {
			continue
		}
		nonDupSents++
		if s.analytical() {
			analytical++
			markers += min(3, s.causal+s.eval+s.contrast)
		}
	}
	words := e.nonDupWords()
	if nonDupSents > 0 {
		out.Metrics[MetricAnalyticalSentenceShare] = float64(analytical) / float64(nonDupSents)
	}
	if words > 0 {
		out.Metrics[MetricEvaluativePer100Words] = 100 * float64(markers) / float64(words)
	}
	points, linked, narrative, onTopic, sustained := 0, 0, 0, 0, 0
	for _, res := range results {
		if res.point {
			points++
		}
		if res.sustained {
			sustained++
		}
		if res.linked {
			linked++
		}
		if !res.offTopic {
			onTopic++
			if res.narrative {
				narrative++
			}
		}
	}
	if n := len(results); n > 0 {
		out.Metrics[MetricParagraphsWithPointShare] = float64(points) / float64(n)
		out.Metrics[MetricLinkedShare] = float64(linked) / float64(n)
		if thesis >= 0 {
			out.Metrics[MetricSustained] = float64(sustained) / float64(n)
		}
		if len(e.keyStems) > 0 {
			out.Metrics[MetricFocus] = float64(onTopic) / float64(n)
		}
	}
	if onTopic > 0 {
		out.Metrics[MetricNarrativeShare] = float64(narrative) / float64(onTopic)
	}
	e.fillPaddingMetrics(out.Metrics)
	return out
}

func (e *essay) nonDupWords() int {
	n := 0
	for i := range e.sents {
		if e.sents[i].dupOf < 0 {
			n += e.sents[i].nWords
		}
	}
	return n
}

// fillPaddingMetrics sets the repetition and word-salad shares. Each is
// taken over the padding it measures plus the clean text (not repeated, not
// salad, not off the topic), so that no other padding can dilute it: adding
// an unrelated paragraph leaves both unchanged.
func (e *essay) fillPaddingMetrics(m map[string]float64) {
	clean, dup, salad := 0, 0, 0
	for i := range e.sents {
		s := &e.sents[i]
		switch {
		case s.heading:
		case s.dupOf >= 0:
			dup += s.nWords
		case s.salad != "":
			salad += s.nWords
		case !s.offTopic:
			clean += s.nWords
		}
	}
	if dup+clean > 0 {
		m[MetricRepetitionShare] = float64(dup) / float64(dup+clean)
	}
	if salad+clean > 0 {
		m[MetricWordSaladShare] = float64(salad) / float64(salad+clean)
	}
}

// reportPadding reports repeated paragraphs and sentences (the later copy)
// and word salad.
func (e *essay) reportPadding(add func(string, analysis.Severity, analysis.Span, string, map[string]string), m *messages) {
	reported := 0
	for _, p := range e.paras {
		if p.dupOf < 0 || reported >= maxRepeatFindings {
			continue
		}
		orig := e.paras[p.dupOf].span
		add(CodeRepetition, analysis.SeverityWarning, p.span, m.repeatedParagraph(),
			map[string]string{"original_start": itoa(orig.Start), "original_end": itoa(orig.End)})
		reported++
	}
	for i := 0; i < len(e.sents) && reported < maxRepeatFindings; i++ {
		s := &e.sents[i]
		if s.dupOf < 0 || e.paras[s.para].dupOf >= 0 {
			continue
		}
		// Merge a run of repeated sentences in one paragraph.
		j := i
		for j+1 < len(e.sents) && e.sents[j+1].dupOf >= 0 && e.sents[j+1].para == s.para {
			j++
		}
		orig := e.sents[s.dupOf].span
		add(CodeRepetition, analysis.SeverityWarning,
			analysis.Span{Start: s.span.Start, End: e.sents[j].span.End}, m.repeatedSentence(j > i),
			map[string]string{"original_start": itoa(orig.Start), "original_end": itoa(orig.End)})
		reported++
		i = j
	}
	salads, sprinkled := 0, false
	for i := range e.sents {
		s := &e.sents[i]
		if s.salad == "" || s.dupOf >= 0 || s.heading || salads >= maxRepeatFindings {
			continue
		}
		// One finding says that the essay sprinkles connectives.
		if s.salad == "sprinkled" {
			if sprinkled {
				continue
			}
			sprinkled = true
		}
		span := s.span
		if s.salad == "stacked" {
			span = s.stackSpan
		}
		add(CodeWordSalad, analysis.SeverityWarning, span, m.salad(s), map[string]string{"kind": s.salad})
		salads++
	}
}

// narrativeOf decides whether sentences (a paragraph's, repeats left out)
// tell events in order — past tense, dates or sequence words, verbs of
// doing — without explaining or weighing them in terms of the question. A
// "because" inside the story ("he sent his men home because of the
// harvest") explains an event, not the answer; "this meant that", an
// evaluation or a contrast does. Sentences that are only connectives are
// left out, so padding cannot change the verdict either way. It also
// returns the number of analytical sentences (judged as if on topic) and of
// sentences with content.
func (e *essay) narrativeOf(live []int) (narrative bool, analytical, content int) {
	past, action, years, seq, argued := 0, 0, 0, 0, 0
	for _, si := range live {
		s := &e.sents[si]
		if s.eligible() && s.claim && s.causal+s.eval+s.contrast > 0 {
			analytical++
			if s.strongCausal > 0 || s.eval > 0 || s.contrast > 0 {
				argued++
			}
		}
		if s.content == 0 && s.verbs == 0 {
			continue
		}
		content++
		if s.past > 0 {
			past++
		}
		if s.action {
			action++
		}
		years += len(s.years)
		seq += s.sequence
	}
	narrative = content >= 2 && argued == 0 && analytical*4 <= content &&
		2*past >= content && (years > 0 || seq > 0 || 2*action >= content)
	return narrative, analytical, content
}

// outOfPeriod reports whether a paragraph is mostly about what came after
// the question's period (or centuries before it): as many of its years fall
// outside as inside. Earlier years are background and count as inside: the
// causes of 1789 lie in the 1750s. A question on a single year ("in 1789")
// allows its immediate aftermath; a range ends where it says.
func (e *essay) outOfPeriod(pi int) bool {
	if e.q.Period == nil {
		return false
	}
	after := 1
	if e.q.Period.From == e.q.Period.To {
		after = 3
	}
	in, out := 0, 0
	for _, si := range e.paras[pi].sents {
		for _, y := range e.sents[si].years {
			if y > e.q.Period.To+after || y < e.q.Period.From-50 {
				out++
			} else {
				in++
			}
		}
	}
	return out > 0 && out >= in
}

// isPoint: the paragraph's first sentence makes a claim tied to the
// question in analytical terms — a marker of cause or judgement, a word that
// names a reason or factor, or a comparison ("Her marriage was less
// successful"). A dated statement of an event is not a point.
func (e *essay) isPoint(s *sentence) bool {
	// A topic sentence may be short: "William's leadership was also
	// important." Two words that are not function words suffice.
	if !s.eligible() || s.verbs == 0 || s.nWords-s.function < 2 {
		return false
	}
	pw := s.hasPointWord()
	evaluative := s.causal+s.eval+s.contrast > 0 || s.compar > 0 && len(s.years) == 0
	onQuestion := len(e.keyStems) == 0 || s.keyHits+s.factorHit > 0 || pw || evaluative
	return onQuestion && (evaluative || pw)
}

func (s *sentence) hasPointWord() bool {
	for _, w := range s.words {
		if pointWords[w] {
			return true
		}
	}
	return false
}

// isLink: one of the paragraph's last two sentences brings the point back
// to the question — its key terms, its factor, or the words its command asks
// for ("successful", "significant", "reason") — with a judgement or an
// explanation.
func (e *essay) isLink(live []int) bool {
	if len(live) < 2 {
		return false
	}
	for _, si := range live[max(0, len(live)-2):] {
		s := &e.sents[si]
		if !s.eligible() {
			continue
		}
		onQuestion := len(e.keyStems) == 0 || s.keyHits+s.factorHit > 0 || s.hasAnyWord(linkWords(e.q.Command))
		if onQuestion && (s.analytical() || s.eval > 0 || s.compar > 0 || s.hasPointWord()) {
			return true
		}
	}
	return false
}

func (s *sentence) hasAnyWord(set map[string]bool) bool {
	for _, w := range s.words {
		if set[w] {
			return true
		}
	}
	return false
}

// counterArgument finds where the essay considers another view and deals
// with it: a counterclaim the writer answers, a sentence that weighs one
// view or factor against another inside itself ("Although X mattered, Y
// mattered more"), or one that turns to limit a factor ("However, ideas on
// their own did not cause the Revolution"). It returns -1 when there is
// none.
func (e *essay) counterArgument(sk *skeleton) int {
	// A view raised in the introduction only to set the thesis against it
	// has not been weighed yet.
	for _, pair := range sk.answered {
		if pi := e.sents[pair[0]].para; pi != sk.intro && !e.paras[pi].offTopic {
			return pair[0]
		}
	}
	paras := append([]int{}, sk.body...)
	if sk.conclusion >= 0 {
		paras = append(paras, sk.conclusion)
	}
	for _, pi := range paras {
		if e.paras[pi].offTopic {
			continue
		}
		for _, si := range e.paras[pi].sents {
			s := &e.sents[si]
			if !s.analytical() {
				continue
			}
			for _, mk := range s.markers {
				if contrastInClause[mk] {
					return si
				}
			}
			// "However, ideas on their own did not cause the Revolution":
			// the writer turns to limit a factor, weighing it.
			if s.cues.has(cueContrastOpen) && !s.cues.has(cueAdditive) && s.hasAny(limitPhrases) {
				return si
			}
		}
	}
	return -1
}

// otherFactors reports whether the essay weighs more than one factor: a
// question's stated factor set against others, or, for a "why" question,
// several on-topic points or an explicit comparison.
func (e *essay) otherFactors(sk *skeleton, results []bodyResult) bool {
	onTopicPoints, otherParas := 0, 0
	for k, pi := range sk.body {
		if results[k].offTopic {
			continue
		}
		if results[k].point || results[k].analytical > 0 {
			onTopicPoints++
		}
		if len(e.factorStems) > 0 {
			first := -1
			for _, si := range e.paras[pi].sents {
				if e.sents[si].eligible() {
					first = si
					break
				}
			}
			if first >= 0 && 2*e.sents[first].factorHit < len(e.factorStems) && results[k].point && results[k].analytical > 0 && !results[k].narrative {
				otherParas++
			}
		}
	}
	for i := range e.sents {
		s := &e.sents[i]
		if s.eligible() && !s.offTopic && s.claim && s.hasAny(comparePhrases) {
			return true
		}
	}
	if len(e.factorStems) > 0 {
		return otherParas > 0
	}
	return onTopicPoints >= 2
}

var comparePhrases = [][]string{
	{"more", "important", "than"}, {"less", "important", "than"}, {"as", "important", "as"},
	{"more", "significant", "than"}, {"less", "significant", "than"}, {"outweighed"},
	{"outweighs"}, {"other", "factors"}, {"another", "factor"}, {"not", "the", "only"},
	{"other", "reasons"}, {"another", "reason"},
}

// stanceList and judgementList are the phrases that take a position, for
// the question's command.
func stanceList(cmd string) [][]string { return forCommand(stancePhrases, cmd) }

func judgementList(cmd string) [][]string { return forCommand(judgementPhrases, cmd) }

// limitPhrases limit a factor's weight.
var limitPhrases = [][]string{
	{"not"}, {"n't"}, {"only"}, {"alone"}, {"on", "its", "own"}, {"on", "their", "own"},
	{"by", "itself"}, {"by", "themselves"}, {"less"}, {"limited"}, {"partly"}, {"never"},
}
