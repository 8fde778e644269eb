package rubric

import (
	"fmt"
	"math"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/dates"
	"github.com/clio-history/clio/analysis/evidence"
	"github.com/clio-history/clio/analysis/spelling"
	"github.com/clio-history/clio/analysis/structure"
)

// Options tune marking.
type Options struct {
	// ClioVersion is recorded in the report.
	ClioVersion string
	// Profile, when set, places the mark by a calibrated model (see
	// package rubric/calibrate) instead of the rubric's fixed weights. The
	// criteria, caps and feedback are the same either way.
	Profile *Profile
	// ProfileSet names the profile's set to use; "" uses a one-set profile's
	// only set.
	ProfileSet string
}

// Conditions a Cap may name in its "when" field.
const (
	// CapNoJudgement: the essay never reaches a reasoned judgement that
	// answers the question: one that ranks or weighs and says why. A
	// verdict the conclusion only asserts does not count.
	CapNoJudgement = "no-judgement"
	// CapNarrative: most body paragraphs tell what happened without
	// explaining or weighing.
	CapNarrative = "narrative"
	// CapTooShort: fewer words that count than the rubric's minimum (250
	// for an A-level essay).
	CapTooShort = "too-short"
	// CapInaccurate: three or more dates contradict what happened.
	CapInaccurate = "inaccurate"
	// CapPoorSpelling: 2.5 or more spelling slips per 100 words (only when
	// the spelling analyzer ran).
	CapPoorSpelling = "poor-spelling"
)

// assertedCredit is the share of the judgement's credit a judgement earns
// when the conclusion asserts it without arguing for it.
const assertedCredit = 0.4

// conclusionMetric says whether the essay ends with a conclusion: the
// argument analyzer's reading, which judges a conclusion by what it does,
// or, without it, the structure analyzer's, which looks for a signpost.
func conclusionMetric(res *analysis.Result) (float64, bool) {
	for _, name := range []string{argument.MetricConclusion, structure.MetricConclusion} {
		if v, ok := res.Metrics[name]; ok && !math.IsNaN(v) {
			return v, true
		}
	}
	return 0, false
}

// capWithin is how far into the capped level's band a capped answer sits.
const capWithin = 0.6

// KnownCaps are the conditions the engine can test.
var KnownCaps = []string{CapNoJudgement, CapNarrative, CapTooShort, CapInaccurate, CapPoorSpelling}

// Criterion ids the engine knows how to judge. A rubric may use any subset.
const (
	CritFocus         = "focus"
	CritArgument      = "argument"
	CritEvidence      = "evidence"
	CritChronology    = "chronology"
	CritCommunication = "communication"
)

// KnownCriteria are the criterion ids the engine judges.
var KnownCriteria = []string{CritFocus, CritArgument, CritEvidence, CritChronology, CritCommunication}

// Mark judges an analysed essay against a rubric. It is deterministic: the
// same result, rubric and options always give the same report.
//
// Best fit: each criterion is scored 0..1 from the analyzers' metrics and
// findings (and from the text itself where an analyzer is absent, with lower
// confidence), and given the level that score falls in. The overall score
// is the criteria's weighted mean; caps then limit the level (no judgement,
// narrative, too short), and the mark sits within the level's band by how far
// into the level the score reaches. Confidence says how clear the fit was.
func Mark(res *analysis.Result, r *Rubric, opts Options) *Report {
	doc := res.Document
	rep := &Report{
		Version:  ReportVersion,
		Rubric:   RubricRef{ID: r.ID, Name: r.Name, MaxMark: r.MaxMark},
		Question: res.Task.Question,
		MaxLevel: r.MaxLevel(),
		MaxMark:  r.MaxMark,
		Findings: res.Findings,
		Dates:    res.Dates,
		Stats:    Stats{Words: doc.Words, Sentences: len(doc.Sentences), Paragraphs: len(doc.Paragraphs)},
		Versions: Versions{Clio: opts.ClioVersion, Analyzers: res.Analyzers, Rubric: r.ID},
	}
	if rep.Findings == nil {
		rep.Findings = []analysis.Finding{}
	}
	if rep.Dates == nil {
		rep.Dates = []analysis.Date{}
	}
	j := judge(res, r)
	total, coverage := 0.0, 0.0
	for _, c := range r.Criteria {
		cj := j.criteria[c.ID]
		if cj == nil {
			cj = &criterionJudgement{score: 0.5, coverage: 0}
		}
		total += c.Weight * cj.score
		coverage += c.Weight * cj.coverage
		rep.Criteria = append(rep.Criteria, CriterionResult{
			ID: c.ID, Name: c.Name, Score: round2(cj.score), Level: levelOfScore(cj.score, rep.MaxLevel),
			Comment: cj.comment(c), Findings: nonNil(cj.findings),
		})
	}
	total = clamp01(total)
	rep.Score = round2(total)

	// Place the score on the bands, then apply the caps.
	level := levelOfScore(total, rep.MaxLevel)
	width := 1.0 / float64(rep.MaxLevel)
	within := clamp01((total - float64(level-1)*width) / width)
	var calibrated bool
	if opts.Profile != nil {
		if m, err := opts.Profile.Set(opts.ProfileSet); err == nil {
			prompt := res.Task.Question.Text
			if prompt == "" {
				prompt = m.Prompt
			}
			pred := m.Predict(m.Features(res, prompt))
			span := float64(m.MaxMark - m.MinMark)
			frac := 0.5
			if span > 0 {
				frac = clamp01((pred - float64(m.MinMark)) / span)
			}
			score := frac
			if opts.Profile.Rubric == r.ID && m.MaxMark == r.MaxMark {
				mark := m.MarkOf(pred)
				if l, ok := r.LevelFor(mark); ok {
					level = l.Level
					b := l.Band
					within = 0.5
					if b.Max > b.Min {
						within = clamp01((pred - float64(b.Min)) / float64(b.Max-b.Min))
					}
				}
			} else {
				level = levelOfScore(score, rep.MaxLevel)
				within = clamp01((score - float64(level-1)*width) / width)
			}
			calibrated = true
			rep.Calibration = &Calibration{Set: setName(opts.ProfileSet, opts.Profile), N: m.N, CVQWK: m.CVQWK,
				Predicted: round2(pred), MinMark: m.MinMark, MaxMark: m.MaxMark}
		}
	}
	// A cap holds the answer at most a little past the middle of the capped
	// level's band, so that it stays monotonic: a capped answer never gets
	// more than an uncapped one with the same weakness.
	for _, cp := range r.Caps {
		if j.caps[cp.When] && (level > cp.MaxLevel || (level == cp.MaxLevel && within > capWithin)) {
			level, within = cp.MaxLevel, capWithin
			rep.Caps = append(rep.Caps, AppliedCap{When: cp.When, MaxLevel: cp.MaxLevel, Reason: cp.Reason})
		}
	}
	lvl := r.Levels[level-1]
	rep.Level = level
	rep.Mark = lvl.Band.Min + int(math.Round(within*float64(lvl.Band.Max-lvl.Band.Min)))

	// Confidence: how far the score sits from the nearest band edge, how much
	// of the judgement rests on analyzers rather than the text alone, and how
	// far the criteria agree with one another.
	// Only an edge with a level beyond it makes an essay borderline.
	lowEdge, highEdge := within, 1-within
	if level == 1 {
		lowEdge = 1
	}
	if level == rep.MaxLevel {
		highEdge = 1
	}
	edge := math.Min(1, math.Min(lowEdge, highEdge)*2)
	if len(rep.Caps) > 0 {
		edge = 1 // a cap is not a borderline call
	}
	spread := 0.0
	for _, c := range rep.Criteria {
		spread += math.Abs(float64(c.Level - level))
	}
	if n := len(rep.Criteria); n > 0 {
		spread /= float64(n)
	}
	agreement := clamp01(1 - spread/2)
	conf := 0.3*edge + 0.4*coverage + 0.3*agreement
	if calibrated {
		conf = 0.3*edge + 0.4*rep.Calibration.CVQWK + 0.3*agreement
	}
	rep.Confidence = round2(clamp01(conf))
	rep.Borderline = edge < 0.2 || rep.Confidence < 0.4
	rep.SPaG = spagMark(res, r, j.tv)
	rep.Feedback = feedback(res, r, rep, j)
	return rep
}

// spagMark awards the rubric's spelling, punctuation and grammar marks from
// the spelling analyzer's slips per 100 counted words, in four bands like
// the boards' (high, intermediate, threshold, none). An answer too short to
// show control, or one the analyzer did not read, earns no SPaG mark.
func spagMark(res *analysis.Result, r *Rubric, tv *textView) *SPaGMark {
	if r.SPaG == nil {
		return nil
	}
	out := &SPaGMark{MaxMark: r.SPaG.MaxMark}
	rate, ok := res.Metrics[spelling.MetricErrorsPer100Words]
	minWords, _ := r.lengths()
	switch {
	case !ok || math.IsNaN(rate):
		out.Reason = "Spelling was not checked, so no SPaG mark is suggested."
		return out
	case tv.effWords < minWords/2:
		out.Reason = "The answer is too short to show control of spelling, punctuation and grammar."
		return out
	}
	share := 0.0
	switch {
	case rate < 1 && tv.effWords >= minWords:
		share, out.Reason = 1, "Spelling and punctuation are accurate throughout."
	case rate < 2:
		share, out.Reason = 0.75, "Spelling and punctuation are mostly accurate."
	case rate < 3.5:
		share, out.Reason = 0.5, "Spelling slips are frequent enough to weaken the answer's control."
	default:
		share, out.Reason = 0.25, "Frequent spelling slips make parts of the answer hard to follow."
	}
	out.Mark = int(math.Round(share * float64(out.MaxMark)))
	return out
}

func setName(id string, p *Profile) string {
	if id != "" {
		return id
	}
	for k := range p.Sets {
		return k
	}
	return ""
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// judgement is the engine's reading of one essay.
type judgement struct {
	tv       *textView
	criteria map[string]*criterionJudgement
	caps     map[string]bool
	// counts of finding codes, and the findings by code.
	byCode map[string][]analysis.Finding
	dev    development
}

// criterionJudgement is one criterion's score with its reasons.
type criterionJudgement struct {
	id    string
	score float64
	// coverage is the share of the score's weight that came from analyzers
	// (1) rather than the rubric's own reading of the text (0).
	coverage float64
	findings []string
	// notes are short, specific observations for the comment.
	notes []string
}

func (cj *criterionJudgement) comment(c Criterion) string {
	if len(cj.notes) == 0 {
		return c.Description
	}
	return strings.Join(cj.notes, " ")
}

// signal is one piece of evidence about a criterion.
type signal struct {
	value    float64 // 0..1
	weight   float64
	analyzer bool // from an analyzer's metric, not the rubric's own reading
}

// ownReadingMax is the most a criterion can score when no analyzer measured
// it.
const ownReadingMax = 0.85

// combine is the weighted mean of the signals, and the share of their
// weight that came from analyzers.
func combine(sigs []signal) (score, coverage float64) {
	sw, sa := 0.0, 0.0
	for _, s := range sigs {
		score += s.weight * clamp01(s.value)
		sw += s.weight
		if s.analyzer {
			sa += s.weight
		}
	}
	if sw == 0 {
		return 0.5, 0
	}
	score, coverage = score/sw, sa/sw
	if coverage == 0 {
		// Judged from the text alone: never certain enough for full credit.
		score = math.Min(score, ownReadingMax)
	}
	return score, coverage
}

func judge(res *analysis.Result, r *Rubric) *judgement {
	minWords, fullWords := r.lengths()
	tv := newTextView(res)
	j := &judgement{tv: tv, criteria: map[string]*criterionJudgement{}, caps: map[string]bool{},
		byCode: map[string][]analysis.Finding{}}
	for _, f := range res.Findings {
		j.byCode[f.Code] = append(j.byCode[f.Code], f)
	}
	metric := func(name string) (float64, bool) {
		v, ok := res.Metrics[name]
		return v, ok && !math.IsNaN(v)
	}
	ids := func(codes ...string) []string {
		var out []string
		for _, f := range res.Findings {
			for _, c := range codes {
				if f.Code == c || (strings.HasSuffix(c, ".") && strings.HasPrefix(f.Code, c)) {
					out = append(out, f.ID)
					break
				}
			}
		}
		return out
	}
	nBody := max(len(tv.body), 1)
	// development: an answer needs room to explain and support; full credit
	// from the rubric's full length (700 counted words for an A-level essay).
	devFrom := 0.48 * float64(minWords)
	dev := clamp01((float64(tv.effWords) - devFrom) / (float64(fullWords) - devFrom))
	// What the length usually carries, counted directly (development.go):
	// points developed with support, chains of reasoning, distinct
	// knowledge and the judgement's quality enter the argument and
	// evidence criteria as signals. They do not replace the length in the
	// multiplier above: on the team's essays (dev and test), doing so
	// lowered Spearman with the intended mark from 0.85 to 0.80 and
	// adjacent level agreement from 0.96 to 0.85, because counting
	// explaining sentences is noisier than counting words that count.
	d := measureDevelopment(res, tv)
	j.dev = d
	ptsTarget, specTarget := developmentTargets(fullWords)

	// Focus on the question.
	outOfPeriod := 0
	for _, p := range tv.body {
		if tv.paras[p].outOfPeriod {
			outOfPeriod++
		}
	}
	{
		cj := &criterionJudgement{id: CritFocus}
		var sigs []signal
		if len(tv.questionTerms) > 0 {
			onQ := 0
			for _, p := range tv.body {
				if tv.paras[p].onQ {
					onQ++
				}
			}
			share := float64(onQ) / float64(nBody)
			sigs = append(sigs, signal{value: share, weight: 1})
			cj.notes = append(cj.notes, fmt.Sprintf("%d of %d body paragraphs use the question's terms.", onQ, len(tv.body)))
		}
		if v, ok := metric(argument.MetricFocus); ok {
			sigs = append(sigs, signal{value: v, weight: 2, analyzer: true})
		}
		if len(sigs) == 0 {
			cj.notes = append(cj.notes, "No question was given, so focus is judged only loosely.")
		}
		off := 0
		for _, p := range tv.paras {
			if p.offTopic {
				off++
			}
		}
		cj.score, cj.coverage = combine(sigs)
		if len(sigs) == 0 {
			cj.score = 0.6
		}
		if n := len(j.byCode[argument.CodeOffTopic]) + off; n > 0 {
			cj.score -= 0.2 * float64(n)
			if off > 0 {
				cj.notes = append(cj.notes, fmt.Sprintf("%s little to do with the rest of the essay.", plural(off, "paragraph has", "paragraphs have")))
			}
			if k := len(j.byCode[argument.CodeOffTopic]); k > 0 {
				cj.notes = append(cj.notes, fmt.Sprintf("%s not bear on the question.", plural(k, "paragraph does", "paragraphs do")))
			}
		}
		if outOfPeriod > 0 {
			cj.score -= 0.6 * float64(outOfPeriod) / float64(nBody)
			cj.notes = append(cj.notes, fmt.Sprintf("%s only about years outside the question's period.", plural(outOfPeriod, "body paragraph is", "body paragraphs are")))
		} else if n := len(j.byCode[dates.CodeOutOfPeriod]); n > 0 {
			cj.score -= 0.08 * float64(n)
			cj.notes = append(cj.notes, fmt.Sprintf("%s outside the question's period.", plural(n, "date falls", "dates fall")))
		}
		cj.score = clamp01(cj.score) * (0.6 + 0.4*dev)
		cj.findings = ids(argument.CodeOffTopic, argument.CodeNoQuestion, dates.CodeOutOfPeriod)
		j.criteria[CritFocus] = cj
	}

	// Argument and judgement.
	narrativeShare := 0.0
	judged := tv.hasJudgement
	{
		cj := &criterionJudgement{id: CritArgument}
		var sigs []signal
		explainedParas := 0
		for _, p := range tv.body {
			if tv.paras[p].explained > 0 {
				explainedParas++
			}
		}
		own := float64(explainedParas) / float64(nBody)
		_, hasArgument := metric(argument.MetricJudgement)
		if hasArgument {
			// A judgement the conclusion argues earns it all; one it only
			// asserts ("X was the most important reason.") earns a little
			// and does not lift the cap.
			v, _ := metric(argument.MetricJudgement)
			asserted, _ := metric(argument.MetricAssertedJudgement)
			judged = v > 0
			sigs = append(sigs, signal{value: v + assertedCredit*asserted, weight: 1.2, analyzer: true})
			for _, m := range []struct {
				name   string
				scale  float64
				weight float64
			}{
				{argument.MetricThesis, 1, 0.4},
				{argument.MetricBalance, 1, 0.8},
				{argument.MetricAnalyticalSentenceShare, 0.6, 1.5},
				{argument.MetricEvaluativePer100Words, 4.5, 0.8},
				{argument.MetricParagraphsWithPointShare, 1, 0.7},
				{argument.MetricLinkedShare, 1, 0.7},
				{argument.MetricSustained, 1, 0.4},
			} {
				if v, ok := metric(m.name); ok {
					sigs = append(sigs, signal{value: v / m.scale, weight: m.weight, analyzer: true})
				}
			}
			sigs = append(sigs, signal{value: own, weight: 0.3},
				signal{value: float64(j.dev.developed) / ptsTarget, weight: 1.2, analyzer: true},
				signal{value: j.dev.chain / 2.5, weight: 0.6, analyzer: true},
				signal{value: j.dev.judgement, weight: 0.5, analyzer: true})
			narrativeShare, _ = metric(argument.MetricNarrativeShare)
			if v, ok := metric(argument.MetricAnalyticalSentenceShare); ok {
				cj.notes = append(cj.notes, fmt.Sprintf("%.0f%% of sentences explain or weigh.", 100*v))
			}
			cj.notes = append(cj.notes, j.dev.note())
		} else {
			sigs = append(sigs, signal{value: own, weight: 1}, signal{value: b2f(tv.hasJudgement), weight: 0.8},
				signal{value: float64(j.dev.developed) / ptsTarget, weight: 0.8})
			if v, ok := metric(structure.MetricConclusion); ok {
				sigs = append(sigs, signal{value: v, weight: 0.3, analyzer: true})
			}
			narrativeShare = 1 - own
			cj.notes = append(cj.notes, fmt.Sprintf("%d of %d body paragraphs explain or weigh rather than describe.", explainedParas, len(tv.body)))
		}
		cj.score, cj.coverage = combine(sigs)
		// Weaknesses take marks away rather than averaging in.
		penalty := 0.5 * narrativeShare
		if !hasArgument {
			penalty = 0.3 * narrativeShare
		}
		if v, ok := metric(argument.MetricWordSaladShare); ok {
			penalty += v
		}
		if v, ok := metric(argument.MetricRepetitionShare); ok {
			penalty += 0.5 * v
		}
		if n := len(tv.connectiveRuns); n > 0 && len(j.byCode[argument.CodeWordSalad]) == 0 {
			penalty += 0.05 * float64(n)
			cj.notes = append(cj.notes, fmt.Sprintf("%s padding rather than reasoning.", plural(n, "run of link words reads as", "runs of link words read as")))
		}
		cj.score = clamp01(cj.score-penalty) * (0.4 + 0.6*dev)
		asserted, _ := metric(argument.MetricAssertedJudgement)
		switch {
		case judged:
			cj.notes = append(cj.notes, "The essay reaches a judgement.")
		case asserted > 0:
			cj.notes = append(cj.notes, "The conclusion asserts a judgement without arguing for it.")
			j.caps[CapNoJudgement] = true
		default:
			cj.notes = append(cj.notes, "The essay does not reach a clear judgement.")
			j.caps[CapNoJudgement] = true
		}
		if n := len(j.byCode[argument.CodeNarrative]); n > 0 {
			cj.notes = append(cj.notes, fmt.Sprintf("%s events without explaining them.", plural(n, "paragraph tells", "paragraphs tell")))
		}
		if len(tv.body) >= 2 && narrativeShare > 0.5 {
			j.caps[CapNarrative] = true
		}
		cj.findings = ids(argument.Name+".", structure.CodeConclusion, structure.CodeNoConclusion, structure.CodeNoIntroduction)
		j.criteria[CritArgument] = cj
	}

	conflicts, hasConflicts := metric(dates.MetricConflicts)
	if !hasConflicts {
		conflicts = float64(len(j.byCode[dates.CodeConflict]))
	}
	// Evidence and knowledge.
	{
		cj := &criterionJudgement{id: CritEvidence}
		var sigs []signal
		if _, ok := metric(evidence.MetricSupportedParagraphShare); ok {
			// Recounted over the body paragraphs that count here, from the
			// analyzer's findings, so that which paragraph it takes for the
			// conclusion (a verdict tacked on can move it) does not change
			// the share.
			flagged := map[int]bool{}
			for _, f := range j.byCode[evidence.CodeUnsupported] {
				flagged[f.Paragraph] = true
			}
			sup := 0
			for _, p := range tv.body {
				if !flagged[p] {
					sup++
				}
			}
			v := 0.0
			if len(tv.body) > 0 {
				v = float64(sup) / float64(len(tv.body))
			}
			sigs = append(sigs, signal{value: v, weight: 2, analyzer: true})
			if n, _ := metric(evidence.MetricDistinctSpecifics); n > 0 {
				cj.notes = append(cj.notes, fmt.Sprintf("%.0f distinct specifics (dates, figures, names, quotations).", n))
			}
		}
		if v, ok := metric(evidence.MetricSpecificPer100Words); ok {
			sigs = append(sigs, signal{value: v / 6, weight: 1, analyzer: true})
		}
		if v, ok := metric(evidence.MetricFactorCoverage); ok {
			if t, _ := metric(evidence.MetricFactorsTotal); t > 0 {
				sigs = append(sigs, signal{value: v, weight: 1, analyzer: true})
				c, _ := metric(evidence.MetricFactorsCovered)
				cj.notes = append(cj.notes, fmt.Sprintf("Covers %.0f of the %.0f factors expected for this question.", c, t))
			}
		}
		if v, ok := metric(evidence.MetricHistorians); ok {
			sigs = append(sigs, signal{value: v / 3, weight: 0.5, analyzer: true})
		}
		// The rubric's own reading: specifics per body paragraph.
		own := 0.0
		supported := 0
		for _, p := range tv.body {
			pv := tv.paras[p]
			own += math.Min(1, (float64(pv.years)+float64(pv.names)/2)/3)
			if pv.years > 0 || pv.names >= 2 {
				supported++
			}
		}
		own /= float64(nBody)
		weight := 1.0
		if len(sigs) > 0 {
			weight = 0.3
		} else {
			cj.notes = append(cj.notes, fmt.Sprintf("%d of %d body paragraphs name a date or specific people and events.", supported, len(tv.body)))
		}
		sigs = append(sigs, signal{value: own, weight: weight},
			signal{value: float64(j.dev.specifics) / specTarget, weight: 1})
		cj.notes = append(cj.notes, fmt.Sprintf("%s, each counted once.", plural(j.dev.specifics, "distinct date or name", "distinct dates and names")))
		if n := len(j.byCode[evidence.CodeUnsupported]); n > 0 {
			cj.notes = append(cj.notes, fmt.Sprintf("%s no specific support.", plural(n, "paragraph has", "paragraphs have")))
		}
		cj.score, cj.coverage = combine(sigs)
		// Wrong dates are inaccurate knowledge as well as weak chronology.
		cj.score -= math.Min(0.3, 0.06*conflicts)
		if outOfPeriod > 0 {
			cj.score -= 0.4 * float64(outOfPeriod) / float64(nBody)
		}
		cj.score = clamp01(cj.score) * (0.4 + 0.6*dev)
		cj.findings = ids(evidence.Name + ".")
		j.criteria[CritEvidence] = cj
	}
	if conflicts >= 3 {
		j.caps[CapInaccurate] = true
	}

	// Chronology and dates.
	{
		cj := &criterionJudgement{id: CritChronology}
		var sigs []signal
		withYear := 0
		for _, p := range tv.body {
			if pv := tv.paras[p]; pv.years > 0 && !pv.outOfPeriod {
				withYear++
			}
		}
		own := 0.3 + 0.7*float64(withYear)/float64(nBody)
		if _, ok := metric(dates.MetricParagraphShare); ok {
			// The dates analyzer's dates, recounted so that repeated and
			// off-topic paragraphs never add to them.
			n, share := tv.datesCounted(res.Dates)
			sigs = append(sigs, signal{value: 0.3 + 0.7*share, weight: 1.5, analyzer: true}, signal{value: own, weight: 0.3})
			if tv.effWords > 0 {
				sigs = append(sigs, signal{value: float64(n) * 100 / float64(tv.effWords) / 2, weight: 0.5, analyzer: true})
			}
			cj.notes = append(cj.notes, fmt.Sprintf("%s in %.0f%% of paragraphs.", plural(n, "date", "dates"), 100*share))
		} else {
			sigs = append(sigs, signal{value: own, weight: 1})
			cj.notes = append(cj.notes, fmt.Sprintf("%d of %d body paragraphs are anchored by a year in the question's period.", withYear, len(tv.body)))
		}
		cj.score, cj.coverage = combine(sigs)
		if hasConflicts || conflicts > 0 {
			cj.coverage = math.Max(cj.coverage, 0.5)
		}
		cj.score -= 0.2 * conflicts
		if n := len(j.byCode[dates.CodeAnachronism]) + len(j.byCode[dates.CodeImpossible]); n > 0 {
			cj.score -= 0.2 * float64(n)
		}
		if conflicts > 0 {
			cj.notes = append(cj.notes, fmt.Sprintf("%s what happened.", plural(int(conflicts), "date contradicts", "dates contradict")))
		}
		cj.score = clamp01(cj.score) * (0.6 + 0.4*dev)
		cj.findings = ids(dates.Name + ".")
		j.criteria[CritChronology] = cj
	}

	// Communication.
	{
		cj := &criterionJudgement{id: CritCommunication}
		var sigs []signal
		if v, ok := metric(spelling.MetricErrorsPer100Words); ok {
			sigs = append(sigs, signal{value: 1 - v/3, weight: 2.5, analyzer: true})
			if v >= 2.5 {
				j.caps[CapPoorSpelling] = true
			}
			if n, _ := metric(spelling.MetricErrors); n > 0 {
				cj.notes = append(cj.notes, fmt.Sprintf("%s of spelling or capitalisation.", plural(int(n), "slip", "slips")))
			}
		}
		if _, ok := metric(structure.MetricParagraphShareOK); ok {
			// Recounted here so that repeated and off-topic paragraphs
			// count against the share, never for it.
			okLen := 0
			for i, p := range tv.paras {
				w := p.words
				body := i > 0 && i < len(tv.paras)-1
				if !p.duplicate && !p.offTopic && w <= 300 && (!body || w >= 40) {
					okLen++
				}
			}
			sigs = append(sigs, signal{value: float64(okLen) / float64(max(len(tv.paras), 1)), weight: 1, analyzer: true})
		}
		if v, ok := metric(structure.MetricIntroduction); ok {
			sigs = append(sigs, signal{value: v, weight: 0.4, analyzer: true})
		}
		if v, ok := conclusionMetric(res); ok {
			sigs = append(sigs, signal{value: v, weight: 0.4, analyzer: true})
		}
		if v, ok := metric(structure.MetricSlips); ok {
			sigs = append(sigs, signal{value: 1 - v/6, weight: 0.5, analyzer: true})
		}
		counted := 0
		for _, p := range tv.paras {
			if !p.duplicate && !p.offTopic && p.words > 0 {
				counted++
			}
		}
		sigs = append(sigs, signal{value: clamp01(float64(counted-1) / 4), weight: 0.7})
		if tv.effSentences > 0 {
			mean := float64(tv.effWords) / float64(tv.effSentences)
			// Sentences of 12 to 30 words read well in an essay.
			v := 1.0
			if mean < 12 {
				v = mean / 12
			} else if mean > 30 {
				v = math.Max(0, 1-(mean-30)/30)
			}
			sigs = append(sigs, signal{value: v, weight: 0.5})
		}
		cj.notes = append(cj.notes, fmt.Sprintf("%s.", plural(len(res.Document.Paragraphs), "paragraph", "paragraphs")))
		cj.score, cj.coverage = combine(sigs)
		cj.findings = ids(spelling.Name+".", structure.Name+".")
		j.criteria[CritCommunication] = cj
	}
	if tv.effWords < minWords {
		j.caps[CapTooShort] = true
	}
	return j
}

// plural writes "1 slip" or "3 slips" (one and many given whole, so verbs
// agree: plural(2, "date falls", "dates fall")).
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func levelOfScore(s float64, maxLevel int) int {
	l := int(s*float64(maxLevel)) + 1
	if l > maxLevel {
		l = maxLevel
	}
	if l < 1 {
		l = 1
	}
	return l
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
