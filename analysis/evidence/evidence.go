package evidence

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// Thresholds.
const (
	// supportNeeded is the weight of distinct specifics a body paragraph
	// needs to count as supported: one date, figure, event, quotation,
	// historian or source, or two names.
	supportNeeded = 1.0
	// claimWords: a body paragraph shorter than this is too short to make
	// a claim that needs support (a heading, a one-line link).
	claimWords = 12
	// wordsPerSpecific is how many words of its own a sentence needs for
	// each specific past the first to count: a list of names is not
	// evidence of anything.
	wordsPerSpecific = 2
	// longQuotationWords: quotations longer than this crowd out analysis.
	longQuotationWords = 40
	// maxSpecificFindings caps evidence.specific strengths per paragraph.
	maxSpecificFindings = 3
	// backgroundParagraphs: a name in this many distinct paragraphs is a main
	// actor or the setting, not support for any one of them.
	backgroundParagraphs = 3
)

// paraInfo is what the analyzer knows about one paragraph.
type paraInfo struct {
	role      role
	duplicate bool
	onTopic   bool
	// keys are the distinct specifics counted in the paragraph with their
	// weight.
	keys      map[string]float64
	score     float64
	supported bool
	// bare: the paragraph has no specific support at all, on topic or not.
	bare bool
	// factors are the ids of the factors the paragraph is about (signalled
	// in its opening sentence or at least twice); opening are those its
	// first sentence signals.
	factors []string
	opening []string
}

// result is everything analyze works out, before it becomes an Output.
type result struct {
	specs      []specific
	counted    []bool // specs[i] counts towards support and the metrics
	paras      []paraInfo
	dupSent    []bool
	factors    []factor
	covered    map[string]analysis.Span
	hasFactors bool
	// subjectWords are the question's capitalised words ("stalin").
	subjectWords map[string]bool
	// bySentence lists the indices of specs in each sentence.
	bySentence map[int][]int
}

// analyze is the analyzer's work with its knowledge made explicit.
func analyze(ctx context.Context, doc *analysis.Document, task analysis.Task, k knowledge) (analysis.Output, error) {
	r, err := examine(ctx, doc, task, k)
	if err != nil {
		return analysis.Output{}, err
	}
	return r.output(doc, task), nil
}

// examine finds and weighs the specifics of doc.
func examine(ctx context.Context, doc *analysis.Document, task analysis.Task, k knowledge) (*result, error) {
	if doc == nil || len(doc.Paragraphs) == 0 {
		return nil, fmt.Errorf("evidence: the document has no paragraphs")
	}
	var ms []mention
	var factors []factor
	var signals []signal
	if k != nil {
		ms = k.mentions(doc)
		if task.Question.Text != "" {
			factors, signals = k.guide(doc, task.Question.Text)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	r := &result{factors: factors, hasFactors: len(factors) > 0}
	det := newDetector(doc, task.Question.Text)
	r.subjectWords = det.subjectWords
	r.specs = det.detect(ms)
	sort.SliceStable(r.specs, func(i, j int) bool { return r.specs[i].span.Start < r.specs[j].span.Start })
	r.bySentence = map[int][]int{}
	for i, s := range r.specs {
		r.bySentence[s.sentence] = append(r.bySentence[s.sentence], i)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}

	var emptySent []bool
	r.dupSent, emptySent = duplicateSentences(doc)
	dupPara := duplicateParagraphs(doc, r.dupSent, emptySent)
	rl := roles(doc, dupPara)

	// Which paragraphs bear on the question.
	packHits := make([]bool, len(doc.Paragraphs))
	names := make([]map[string]bool, len(doc.Paragraphs))
	for i := range names {
		names[i] = map[string]bool{}
	}
	for _, s := range r.specs {
		pi := doc.Sentences[s.sentence].Paragraph
		if s.kind != kindName && s.kind != kindDate && s.kind != kindNumber && s.kind != kindQuotation &&
			s.kind != kindSource && s.kind != kindProvenance {
			packHits[pi] = true // a pack mention, or a historian
		}
		if s.kind == kindName || s.kind == kindGroup || s.kind == kindPerson || s.kind == kindEvent {
			names[pi][s.key] = true
		}
	}
	for _, sg := range signals {
		if pi := doc.ParagraphAt(sg.span.Start); pi >= 0 {
			packHits[pi] = true // the paragraph deals with a factor of the question
		}
	}
	topical := onTopic(doc, questionWords(task.Question.Text), packHits, names, r.outOfPeriod(doc, questionPeriod(task.Question)))

	r.paras = make([]paraInfo, len(doc.Paragraphs))
	for pi := range r.paras {
		r.paras[pi] = paraInfo{role: rl[pi], duplicate: dupPara[pi], onTopic: topical[pi], keys: map[string]float64{}}
	}
	r.count(doc)

	if r.hasFactors {
		r.covered = r.coverage(doc, signals)
	}
	return r, nil
}

// outOfPeriod marks paragraphs more than half of whose dated specifics lie
// after the period, or more than backgroundYears before it.
func (r *result) outOfPeriod(doc *analysis.Document, period *analysis.Period) []bool {
	out := make([]bool, len(doc.Paragraphs))
	if period == nil {
		return out
	}
	in := make([]int, len(doc.Paragraphs))
	outside := make([]int, len(doc.Paragraphs))
	for _, s := range r.specs {
		if s.kind != kindDate {
			continue
		}
		y, ok := yearOf(doc.Slice(s.span))
		if !ok {
			continue
		}
		pi := doc.Sentences[s.sentence].Paragraph
		if y > period.To || y < period.From-backgroundYears {
			outside[pi]++
		} else {
			in[pi]++
		}
	}
	for pi := range out {
		out[pi] = outside[pi] > in[pi]
	}
	return out
}

// count decides which specifics count: not the question's own subject, not in
// a repeated sentence, and no more per sentence than
// the sentence has words of its own to say something about them. When a
// sentence has more specifics than it can carry, the weightier ones (dates,
// figures, quotations) count first. Specifics in an off-topic paragraph
// support it (it is not reported as unsupported) but count for nothing else.
func (r *result) count(doc *analysis.Document) {
	r.counted = make([]bool, len(r.specs))
	bySentence := map[int][]int{}
	var order []int
	for i, s := range r.specs {
		p := &r.paras[doc.Sentences[s.sentence].Paragraph]
		if s.subject || r.dupSent[s.sentence] || p.duplicate {
			continue
		}
		if _, ok := bySentence[s.sentence]; !ok {
			order = append(order, s.sentence)
		}
		bySentence[s.sentence] = append(bySentence[s.sentence], i)
	}
	var sc allowanceScratch
	for _, si := range order {
		idx := bySentence[si]
		specs := sc.specs[:0]
		for _, i := range idx {
			specs = append(specs, r.specs[i])
		}
		sc.specs = specs
		allowance := sentenceAllowance(doc, si, specs, &sc)
		sort.SliceStable(idx, func(a, b int) bool { return r.specs[idx[a]].kind.weight() > r.specs[idx[b]].kind.weight() })
		if len(idx) > allowance {
			idx = idx[:allowance]
		}
		p := &r.paras[doc.Sentences[si].Paragraph]
		for _, i := range idx {
			s := r.specs[i]
			if w := s.kind.weight(); w > p.keys[s.key] {
				p.keys[s.key] = w
			}
			r.counted[i] = p.onTopic
		}
	}
	// Names in backgroundParagraphs or more paragraphs are the essay's main
	// actors and setting ("Trotsky", "England"): naming them again supports
	// nothing new. Padding can only add paragraphs, so it can only make more
	// names background, never fewer.
	spread := map[string]int{}
	for _, p := range r.paras {
		for k := range p.keys {
			if isNameKey(k) {
				spread[k]++
			}
		}
	}
	for pi := range r.paras {
		p := &r.paras[pi]
		for k, w := range p.keys {
			if isNameKey(k) && spread[k] >= backgroundParagraphs {
				continue
			}
			p.score += w
		}
		p.bare = p.score < supportNeeded
		p.supported = p.onTopic && !p.bare
	}
}

// isNameKey reports whether a specific's key is a person, body, place or
// unknown name (not an event, term, date or figure).
func isNameKey(k string) bool {
	return strings.HasPrefix(k, "person:") || strings.HasPrefix(k, "group:") || strings.HasPrefix(k, "name:")
}

// allowanceScratch is the working space of count and sentenceAllowance,
// reused from one sentence to the next.
type allowanceScratch struct {
	specs []specific
	skip  []bool
	words []int
	lower []string
}

// sentenceAllowance is how many specifics sentence si can carry: one, plus
// one for every wordsPerSpecific of its words that are neither connectives
// (single or multi-word) nor part of a specific. A list of names has no words
// of its own; sprinkled connectives add none.
func sentenceAllowance(doc *analysis.Document, si int, specs []specific, sc *allowanceScratch) int {
	sent := doc.Sentences[si]
	toks := doc.Tokens[sent.Tokens.Start:sent.Tokens.End]
	skip := sc.skip[:0]
	for range toks {
		skip = append(skip, false)
	}
	sc.skip = skip
	for _, s := range specs {
		k := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.span.Start })
		for ; k < len(toks) && toks[k].End <= s.span.End; k++ {
			skip[k] = true
		}
	}
	// Words of the sentence, in order, with their token index.
	words, lower := sc.words[:0], sc.lower[:0]
	for i, t := range toks {
		if t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber {
			words = append(words, i)
			lower = append(lower, lowerASCII(t.Norm))
		}
	}
	sc.words, sc.lower = words, lower
	for w := range words {
		if !connectivePhrase[lower[w]] {
			continue
		}
		for _, phrase := range connectivePhrases {
			if w+len(phrase) > len(words) {
				continue
			}
			match := true
			for k, pw := range phrase {
				if lower[w+k] != pw {
					match = false
					break
				}
			}
			if match {
				for k := range phrase {
					skip[words[w+k]] = true
				}
			}
		}
	}
	n := 0
	for w, i := range words {
		if !skip[i] && !connectives[lower[w]] {
			n++
		}
	}
	return 1 + n/wordsPerSpecific
}

// bodyParagraphs are the distinct paragraphs that are neither introduction
// nor conclusion.
func (r *result) bodyParagraphs() []int {
	var out []int
	for pi, p := range r.paras {
		if p.role == roleBody && !p.duplicate {
			out = append(out, pi)
		}
	}
	return out
}

func (r *result) output(doc *analysis.Document, task analysis.Task) analysis.Output {
	var out analysis.Output
	add := func(f analysis.Finding) { out.Findings = append(out.Findings, f) }

	// Distinct specifics across the essay.
	distinct := map[string]bool{}
	historians := map[string]bool{}
	quotations := map[string]bool{}
	for i, s := range r.specs {
		if !r.counted[i] || s.kind == kindProvenance {
			continue
		}
		distinct[s.key] = true
		switch s.kind {
		case kindHistorian:
			historians[s.key] = true
		case kindQuotation:
			quotations[s.key] = true
		}
	}

	// Unsupported body paragraphs.
	body := r.bodyParagraphs()
	supported, unsupported := 0, 0
	for _, pi := range body {
		p := r.paras[pi]
		if p.supported {
			supported++
			continue
		}
		if !p.bare || doc.Paragraphs[pi].Words < claimWords {
			continue
		}
		unsupported++
		para := doc.Paragraphs[pi]
		span := para.Span
		if para.Sentences.Len() > 0 {
			span = doc.Sentences[para.Sentences.Start].Span
		}
		f := analysis.Finding{Code: CodeUnsupported, Severity: analysis.SeverityWarning, Span: span,
			Message: r.unsupportedMessage(doc, pi)}
		if len(p.factors) > 0 {
			f.Data = map[string]string{"factor": p.factors[0]}
		}
		add(f)
	}

	r.strengths(doc, add)
	r.factorFindings(doc, add)

	words := float64(doc.Words)
	if words < 1 {
		words = 1
	}
	share := 0.0
	if len(body) > 0 {
		share = float64(supported) / float64(len(body))
	}
	out.Metrics = map[string]float64{
		MetricSpecificPer100Words:     float64(len(distinct)) * 100 / words,
		MetricSupportedParagraphShare: share,
		MetricDistinctSpecifics:       float64(len(distinct)),
		MetricHistorians:              float64(len(historians)),
		MetricQuotations:              float64(len(quotations)),
		MetricUnsupportedParagraphs:   float64(unsupported),
		MetricFactorsCovered:          0,
		MetricFactorsTotal:            0,
		MetricFactorCoverage:          0,
	}
	if r.hasFactors {
		out.Metrics[MetricFactorsCovered] = float64(len(r.covered))
		out.Metrics[MetricFactorsTotal] = float64(len(r.factors))
		out.Metrics[MetricFactorCoverage] = float64(len(r.covered)) / float64(len(r.factors))
	}
	return out
}

// strengths reports historians, quotations and well-supported details.
func (r *result) strengths(doc *analysis.Document, add func(analysis.Finding)) {
	seen := map[string]bool{}
	perPara := map[int]int{}
	for i, s := range r.specs {
		if !r.counted[i] || seen[s.key] {
			continue
		}
		pi := doc.Sentences[s.sentence].Paragraph
		switch s.kind {
		case kindHistorian:
			seen[s.key] = true
			add(analysis.Finding{Code: CodeHistorian, Severity: analysis.SeverityStrength, Span: s.span,
				Message: "You bring in a historian's interpretation here. Say how far you agree with it, and why, to turn the reference into evaluation.",
				Data:    map[string]string{"historian": strings.TrimPrefix(s.key, "historian:")}})
		case kindQuotation:
			seen[s.key] = true
			n := len(strings.Fields(doc.Slice(s.span)))
			if n > longQuotationWords {
				add(analysis.Finding{Code: CodeQuotation, Severity: analysis.SeverityInfo, Span: s.span,
					Message: fmt.Sprintf("This quotation runs to %d words. Quote only the few words that prove your point and put the rest in your own words, leaving room for analysis.", n)})
				continue
			}
			add(analysis.Finding{Code: CodeQuotation, Severity: analysis.SeverityStrength, Span: s.span,
				Message: "A short, precise quotation used as evidence. Follow it by explaining what it shows about the question."})
		case kindNumber:
			if !s.statistic || perPara[pi] >= maxSpecificFindings {
				continue
			}
			seen[s.key] = true
			perPara[pi]++
			add(analysis.Finding{Code: CodeSpecific, Severity: analysis.SeverityStrength, Span: s.span,
				Message: "A precise figure that backs up the point: this is the kind of detail that lifts an answer.",
				Data:    map[string]string{"kind": "statistic"}})
		case kindEvent, kindTerm, kindName, kindGroup, kindDocument:
			// A named event, office or body placed in time: "General Secretary in 1922".
			if perPara[pi] >= maxSpecificFindings {
				continue
			}
			d, ok := r.dateNear(doc, i)
			if !ok || seen[s.key] {
				continue
			}
			seen[s.key] = true
			perPara[pi]++
			span := analysis.Span{Start: min(s.span.Start, d.span.Start), End: max(s.span.End, d.span.End)}
			add(analysis.Finding{Code: CodeSpecific, Severity: analysis.SeverityStrength, Span: span,
				Message: "A named and dated detail: precise support for the point you are making.",
				Data:    map[string]string{"kind": "dated"}})
		}
	}
}

// dateNear finds a counted date joined to specs[i] by at most two
// prepositions or articles: "General Secretary in 1922", "the Tenth Party
// Congress in March 1921", "On 30 November 1554 the Second Act of Repeal".
// Only capitalised names qualify, and a pack event's date must agree with the
// pack: a wrong date is not praised (the dates analyzer reports it).
func (r *result) dateNear(doc *analysis.Document, i int) (specific, bool) {
	s := r.specs[i]
	if !upperFirst(doc.Slice(s.span)) {
		return specific{}, false
	}
	for _, j := range r.bySentence[s.sentence] {
		d := r.specs[j]
		if d.kind != kindDate || !r.counted[j] {
			continue
		}
		if gap := tokensBetween(doc, s.sentence, s.span, d.span, 2); gap < 0 {
			continue
		}
		if s.from != 0 {
			if y, ok := yearOf(doc.Slice(d.span)); ok && (y < s.from || y > s.to) {
				continue
			}
		}
		return d, true
	}
	return specific{}, false
}

// joiners may stand between a name and its date.
var joiners = set("in", "of", "on", "at", "during", "from", "since", "until", "by", "the", "a", "an")

// tokensBetween counts the tokens of sentence si strictly between two spans,
// or returns -1 when they overlap, anything but a preposition or article
// separates them, or more than limit tokens lie between.
func tokensBetween(doc *analysis.Document, si int, a, b analysis.Span, limit int) int {
	if a.Overlaps(b) {
		return -1
	}
	if b.Start < a.Start {
		a, b = b, a
	}
	toks := doc.SentenceTokens(si)
	k := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= a.End })
	n := 0
	for ; k < len(toks) && toks[k].End <= b.Start; k++ {
		if !joiners[toks[k].Lower()] {
			return -1
		}
		n++
		if n > limit {
			return -1
		}
	}
	return n
}
