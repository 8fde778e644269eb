package rubric

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/dates"
	"github.com/clio-history/clio/analysis/evidence"
	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/analysis/spelling"
	"github.com/clio-history/clio/analysis/structure"
)

// feedback writes the summary, what went well, even better if, and what the
// next level needs. Every sentence is built from this essay's findings and
// text: quotations from it, its question, its missing factors.
func feedback(res *analysis.Result, r *Rubric, rep *Report, j *judgement) Feedback {
	fb := Feedback{WWW: www(res, rep, j), EBI: ebi(res, r, rep, j)}
	fb.Summary = summary(r, rep)
	fb.NextLevel = nextLevel(r, rep)
	return fb
}

func summary(r *Rubric, rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Level %d of %d, %d/%d.", rep.Level, rep.MaxLevel, rep.Mark, rep.MaxMark)
	if len(rep.Criteria) >= 2 {
		cs := append([]CriterionResult(nil), rep.Criteria...)
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].Score > cs[b].Score })
		best, worst := cs[0], cs[len(cs)-1]
		if best.Score-worst.Score >= 0.1 {
			fmt.Fprintf(&b, " The strongest area is %s (Level %d); %s (Level %d) is where most marks are to be gained.",
				lowerFirst(best.Name), best.Level, lowerFirst(worst.Name), worst.Level)
		} else {
			fmt.Fprintf(&b, " The criteria are even, all around Level %d.", rep.Level)
		}
	}
	if len(rep.Caps) > 0 {
		c := rep.Caps[0]
		for _, o := range rep.Caps[1:] {
			if o.MaxLevel < c.MaxLevel {
				c = o
			}
		}
		fmt.Fprintf(&b, " Held at Level %d: %s", c.MaxLevel, ensureStop(lowerFirst(c.Reason)))
	}
	if rep.Borderline {
		b.WriteString(" This essay sits near a boundary, so a tutor should confirm the level.")
	}
	return b.String()
}

func nextLevel(r *Rubric, rep *Report) string {
	weakest := ""
	if len(rep.Criteria) > 0 {
		w := rep.Criteria[0]
		for _, c := range rep.Criteria[1:] {
			if c.Score < w.Score {
				w = c
			}
		}
		weakest = lowerFirst(w.Name)
	}
	if rep.Level < rep.MaxLevel {
		next := r.Levels[rep.Level]
		s := fmt.Sprintf("Level %d (%d–%d marks): %s", next.Level, next.Band.Min, next.Band.Max, ensureStop(next.Descriptor))
		if weakest != "" {
			s += fmt.Sprintf(" Start with %s, the weakest part of this essay.", weakest)
		}
		return s
	}
	if weakest != "" {
		return fmt.Sprintf("This is the top level. To secure it, strengthen %s, the weakest part of this essay.", weakest)
	}
	return "This is the top level."
}

// www draws two to four strengths from the strength findings, then from the
// rubric's own reading of the text, each quoting the essay.
func www(res *analysis.Result, rep *Report, j *judgement) []string {
	var out []string
	usedCode := map[string]bool{}
	usedSpan := map[analysis.Span]bool{}
	for _, f := range res.Findings {
		if f.Severity != analysis.SeverityStrength || usedCode[f.Code] || len(out) >= 4 {
			continue
		}
		q := quote(f.Text)
		if q == "" || f.Message == "" {
			continue
		}
		usedCode[f.Code] = true
		usedSpan[f.Span] = true
		msg := strings.TrimSuffix(f.Message, ".")
		if strings.Contains(msg, ":") {
			out = append(out, fmt.Sprintf("%s, as in “%s”", msg, q))
		} else {
			out = append(out, fmt.Sprintf("%s: “%s”", msg, q))
		}
	}
	tv := j.tv
	doc := res.Document
	add := func(span analysis.Span, lead string) {
		if len(out) >= 4 || usedSpan[span] {
			return
		}
		q := quote(doc.Slice(span))
		if q == "" {
			return
		}
		usedSpan[span] = true
		out = append(out, fmt.Sprintf("%s: “%s”", lead, q))
	}
	// Praise a judgement only when the argument analyzer, where it ran,
	// found one argued rather than merely asserted.
	if tv.hasJudgement && hasJudgement(res, tv) && !usedCode[argument.CodeJudgement] {
		add(tv.judgement, "Your conclusion weighs the factors and reaches a judgement")
	}
	// The body sentence that explains with the most specific support: no
	// analyzer reports this strength, so the rubric's own reading finds it.
	{
		isBody := map[int]bool{}
		for _, p := range tv.body {
			isBody[p] = true
		}
		best, bestN := analysis.Span{}, -1
		for _, s := range tv.explained {
			if !isBody[doc.ParagraphAt(s.Start)] || s == tv.judgement {
				continue
			}
			n := countIn(tv.years, s) + countIn(tv.names, s)
			if n > bestN {
				best, bestN = s, n
			}
		}
		if bestN >= 0 {
			add(best, "You explain why rather than only saying what happened")
		}
	}
	if len(tv.years) >= 3 && len(j.byCode[dates.CodePrecise]) == 0 && !usedCode[evidence.CodeSpecific] {
		s := doc.SentenceAt(tv.years[0].Start)
		if s >= 0 {
			add(doc.Sentences[s].Span, fmt.Sprintf("You anchor your points with precise dates (%d in all), for example", len(tv.years)))
		}
	}
	// Named people, bodies and events: the specific knowledge of the topic.
	if len(tv.names) >= 4 && len(j.byCode[evidence.CodeSpecific]) == 0 {
		var names []string
		seen := map[string]bool{}
		for _, n := range tv.names {
			t := strings.Join(strings.Fields(doc.Slice(n)), " ")
			if !seen[t] && !inQuestion(t, res.Task.Question.Text) {
				seen[t] = true
				names = append(names, "“"+t+"”")
			}
		}
		if len(names) >= 3 && len(out) < 4 {
			out = append(out, fmt.Sprintf("You name the people and institutions involved, such as %s", joinAnd(names[:3])))
		}
	}
	return nonNil(out)
}

func inQuestion(name, q string) bool {
	return q != "" && strings.Contains(strings.ToLower(q), strings.ToLower(name))
}

// target is one way to improve, with the marks it would probably gain.
type target struct {
	gain float64
	text string
}

// ebi lists two to four targets, those worth most marks first.
func ebi(res *analysis.Result, r *Rubric, rep *Report, j *judgement) []string {
	tv := j.tv
	doc := res.Document
	weight := map[string]float64{}
	for _, c := range r.Criteria {
		weight[c.ID] = c.Weight
	}
	marks := float64(r.MaxMark)
	var ts []target
	add := func(crit string, delta float64, text string) {
		ts = append(ts, target{gain: weight[crit]*delta*marks + capGain(rep, crit, r), text: text})
	}
	q := res.Task.Question

	// A judgement that answers the question.
	if _, capped := capApplied(rep, CapNoJudgement); capped || !hasJudgement(res, tv) {
		add(CritArgument, 0.3, judgementTarget(res, j))
	}

	// Factors the essay never mentions.
	var missing []string
	proper := properWords(doc, tv)
	for _, f := range j.byCode[evidence.CodeFactorMissing] {
		if n := factorName(f, proper); n != "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		total := math.Max(res.Metrics[evidence.MetricFactorsTotal], float64(len(missing)))
		names := missing
		if len(names) > 2 {
			names = names[:2]
		}
		text := fmt.Sprintf("Bring in %s, which the essay never mentions", names[0])
		if len(names) == 2 {
			text = fmt.Sprintf("Bring in two factors the essay never mentions, %s; and %s", names[0], names[1])
		}
		if covered := coveredFactors(res, j); len(covered) > 0 {
			it := "it"
			if len(names) > 1 {
				it = "them"
			}
			text += fmt.Sprintf(". Weigh %s against %s", it, covered[0])
		}
		add(CritEvidence, 0.6*float64(len(names))/total, text+".")
	}

	// Paragraphs without support.
	unsupported := j.byCode[evidence.CodeUnsupported]
	if len(unsupported) > 0 {
		f := unsupported[0]
		add(CritEvidence, 0.5/float64(max(len(tv.body), 1))*float64(len(unsupported)),
			fmt.Sprintf("Support the paragraph that begins “%s” with a specific date, figure or named example that proves its point%s.",
				quoteStart(f.Text), moreOf(len(unsupported)-1, "paragraph")))
	} else if _, ok := res.Metrics[evidence.MetricSupportedParagraphShare]; !ok {
		for _, p := range tv.body {
			if pv := tv.paras[p]; pv.years == 0 && pv.names < 2 {
				add(CritEvidence, 0.5/float64(max(len(tv.body), 1)),
					fmt.Sprintf("Support the paragraph that begins “%s” with a specific date, figure or named example.",
						quoteStart(doc.Slice(doc.Paragraphs[p].Span))))
				break
			}
		}
	}

	// Narrative paragraphs.
	if narr := j.byCode[argument.CodeNarrative]; len(narr) > 0 {
		add(CritArgument, 0.6/float64(max(len(tv.body), 1))*float64(len(narr)),
			fmt.Sprintf("Turn the paragraph that begins “%s” from story into argument: open with a point that answers the question and explain what the events show%s.",
				quoteStart(narr[0].Text), moreOf(len(narr)-1, "paragraph")))
	} else if _, ok := res.Metrics[argument.MetricJudgement]; !ok {
		for _, p := range tv.body {
			if tv.paras[p].explained == 0 {
				add(CritArgument, 0.6/float64(max(len(tv.body), 1)),
					fmt.Sprintf("Turn the paragraph that begins “%s” from story into argument: say what the events show about %s, and why.",
						quoteStart(doc.Slice(doc.Paragraphs[p].Span)), questionTopic(q)))
				break
			}
		}
	}

	// Dates that contradict what happened.
	for i, f := range j.byCode[dates.CodeConflict] {
		if i >= 2 {
			break
		}
		msg := strings.TrimSpace(f.Message)
		for _, pre := range []string{"Check this date:", "Check this date."} {
			msg = strings.TrimSpace(strings.TrimPrefix(msg, pre))
		}
		add(CritChronology, 0.3, fmt.Sprintf("Fix the date “%s”: %s", quote(f.Text), ensureStop(lowerFirst(msg))))
	}

	// Spelling, grouped.
	if t, n := spellingTarget(j); n > 0 {
		per100 := res.Metrics[spelling.MetricErrorsPer100Words]
		add(CritCommunication, math.Min(1, math.Max(per100, 0.5)/5)*1.5, t)
	}

	// Padding.
	if len(tv.connectiveRuns) > 0 {
		add(CritArgument, 0.1*float64(len(tv.connectiveRuns)),
			fmt.Sprintf("Cut the run of link words “%s”: a connective earns credit only when it introduces a reason.", quote(doc.Slice(tv.connectiveRuns[0]))))
	}
	for i, p := range tv.paras {
		if p.offTopic && len(j.byCode[argument.CodeOffTopic]) == 0 {
			add(CritFocus, 0.3, fmt.Sprintf("Cut or refocus the paragraph that begins “%s”: it has little to do with the rest of the essay or the question.",
				quoteStart(doc.Slice(doc.Paragraphs[i].Span))))
			break
		}
	}
	if fs := j.byCode[argument.CodeOffTopic]; len(fs) > 0 && fs[0].Message != "" {
		f := fs[0]
		add(CritFocus, 0.3*float64(len(fs)), fmt.Sprintf("In the paragraph that begins “%s”: %s", quoteStart(f.Text), ensureStop(lowerFirst(f.Message))))
	}

	// Too short to develop.
	if tv.effWords < 450 {
		points := plural(max(len(tv.body), 1), "point", "points")
		if float64(tv.effWords) < 0.9*float64(doc.Words) {
			add(CritEvidence, 0.3, fmt.Sprintf("Develop the answer: only about %d of its %d words bear on the question, room for %s; give each factor its own paragraph with evidence and explanation.",
				tv.effWords, doc.Words, points))
		} else {
			add(CritEvidence, 0.3, fmt.Sprintf("Develop the answer: at %d words there is room for only %s; give each factor its own paragraph with evidence and explanation.",
				doc.Words, points))
		}
	}

	// Structure findings with their own advice.
	for _, code := range []string{structure.CodeNoIntroduction, structure.CodeFewParagraphs} {
		if fs := j.byCode[code]; len(fs) > 0 && fs[0].Message != "" {
			add(CritCommunication, 0.3, fs[0].Message)
		}
	}

	// Paragraph-level advice from the argument and dates analyzers, each
	// tied to the paragraph it is about.
	nBody := float64(max(len(tv.body), 1))
	for _, pa := range []struct {
		code  string
		crit  string
		delta float64
	}{
		{argument.CodeNoThesis, CritArgument, 0.2},
		{argument.CodeInconsistent, CritArgument, 0.2},
		{argument.CodeOneSided, CritArgument, 0.25},
		{argument.CodeNoExplanation, CritArgument, 0.4 / nBody},
		{argument.CodeNoPoint, CritArgument, 0.3 / nBody},
		{argument.CodeNoLink, CritArgument, 0.2 / nBody},
		{dates.CodeVague, CritChronology, 0.3 / nBody},
	} {
		fs := j.byCode[pa.code]
		if len(fs) == 0 || fs[0].Message == "" {
			continue
		}
		f := fs[0]
		where := ""
		if p := doc.ParagraphAt(f.Start); p >= 0 && f.End > f.Start {
			more := ""
			if n := len(fs) - 1; n > 0 {
				more = fmt.Sprintf(" (and %d more like it)", n)
			}
			where = fmt.Sprintf("In the paragraph that begins “%s”%s: ", quoteStart(doc.Slice(doc.Paragraphs[p].Span)), more)
		}
		add(pa.crit, pa.delta*float64(len(fs)), where+ensureStop(lowerFirstIf(where != "", f.Message)))
	}

	// A historian named but not argued with.
	if hs := j.byCode[evidence.CodeHistorian]; len(hs) > 0 {
		add(CritEvidence, 0.1, fmt.Sprintf("Where you cite “%s”, weigh that view against your own evidence and say how far you agree, and why.", quote(hs[0].Text)))
	}

	sort.SliceStable(ts, func(a, b int) bool { return ts[a].gain > ts[b].gain })
	var out []string
	seen := map[string]bool{}
	for _, t := range ts {
		if len(out) == 4 || seen[t.text] {
			continue
		}
		seen[t.text] = true
		out = append(out, t.text)
	}
	return nonNil(out)
}

func capApplied(rep *Report, when string) (AppliedCap, bool) {
	for _, c := range rep.Caps {
		if c.When == when {
			return c, true
		}
	}
	return AppliedCap{}, false
}

// capGain is the marks a cap is costing, credited to the criterion whose
// weakness triggered it.
func capGain(rep *Report, crit string, r *Rubric) float64 {
	if crit != CritArgument {
		return 0
	}
	for _, c := range rep.Caps {
		if c.When == CapNoJudgement || c.When == CapNarrative {
			return math.Max(0, rep.Score*float64(r.MaxMark)-float64(rep.Mark))
		}
	}
	return 0
}

func hasJudgement(res *analysis.Result, tv *textView) bool {
	if v, ok := res.Metrics[argument.MetricJudgement]; ok {
		return v > 0
	}
	return tv.hasJudgement
}

// judgementTarget asks for a conclusion that answers this essay's question.
func judgementTarget(res *analysis.Result, j *judgement) string {
	q := res.Task.Question
	covered := coveredFactors(res, j)
	if len(covered) < 2 && q.Factor == "" {
		covered = append(covered, bodyTopics(res, j)...)
	}
	covered = dedupe(covered)
	// An essay that already has a conclusion needs it to judge, not a new one.
	lead := "Add a conclusion that"
	if v, _ := conclusionMetric(res); v > 0 {
		lead = "Make your conclusion a judgement that"
	}
	switch {
	case q.Factor != "" && len(covered) > 0 && !strings.EqualFold(covered[0], q.Factor):
		return fmt.Sprintf("%s answers the question directly: was %s more important than %s? Say which mattered most, and why.", lead, question.FactorPhrase(q), covered[0])
	case len(coveredFactors(res, j)) >= 2:
		return fmt.Sprintf("%s ranks the factors you discuss: did %s matter more than %s? Say which mattered most, and why.", lead, covered[0], covered[1])
	case len(covered) >= 2 && q.Text != "":
		return fmt.Sprintf("%s answers “%s” directly: weigh what you say about %s against what you say about %s, and say which mattered most.", lead, quote(q.Text), covered[0], covered[1])
	case len(covered) >= 2:
		return fmt.Sprintf("%s weighs what you say about %s against what you say about %s, and says which mattered most.", lead, covered[0], covered[1])
	case q.Factor != "":
		return fmt.Sprintf("%s answers the question directly: how far was %s more important than the other factors you discuss? Say which mattered most, and why.", lead, question.FactorPhrase(q))
	case q.Text != "":
		return fmt.Sprintf("%s answers “%s” directly and says which factor mattered most, and why.", lead, quote(q.Text))
	}
	return lead + " says which of your points mattered most, and why."
}

// coveredFactors are the names of the question's factors the essay covers.
func coveredFactors(res *analysis.Result, j *judgement) []string {
	var out []string
	proper := properWords(res.Document, j.tv)
	for _, f := range j.byCode[evidence.CodeFactorCovered] {
		if n := factorName(f, proper); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// bodyTopics are the first proper names of the body paragraphs: what the
// paragraphs are about, in the essay's own words.
func bodyTopics(res *analysis.Result, j *judgement) []string {
	var out []string
	doc := res.Document
	for _, p := range j.tv.body {
		span := doc.Paragraphs[p].Span
		for _, n := range j.tv.names {
			if t := doc.Slice(n); span.Contains(n) && !calendarWords[t] && !inQuestion(t, res.Task.Question.Text) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func factorName(f analysis.Finding, proper map[string]bool) string {
	if n := f.Data["name"]; n != "" {
		return midSentence(n, proper)
	}
	return f.Data["factor"]
}

// midSentence lower-cases a factor name's first word for use inside a
// sentence ("The appeal of…" → "the appeal of…"), unless the word is a name
// the essay itself capitalises mid-sentence ("Trotsky's mistakes").
func midSentence(s string, proper map[string]bool) string {
	first, rest, _ := strings.Cut(s, " ")
	base := strings.TrimSuffix(strings.TrimSuffix(first, "'s"), "’s")
	if proper[base] || len(first) < 2 || strings.ToUpper(first) == first {
		return s
	}
	if rest == "" {
		return lowerFirst(first)
	}
	return lowerFirst(first) + " " + rest
}

// properWords are the words the essay capitalises mid-sentence.
func properWords(doc *analysis.Document, tv *textView) map[string]bool {
	m := map[string]bool{}
	for _, n := range tv.names {
		for _, w := range strings.Fields(doc.Slice(n)) {
			m[strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")] = true
		}
	}
	return m
}

// spellingTarget groups spelling findings into one target.
func spellingTarget(j *judgement) (string, int) {
	var fs []analysis.Finding
	for _, code := range []string{spelling.CodeMisspelled, spelling.CodeConfusable, spelling.CodeRunTogether, spelling.CodeCapitalisation} {
		fs = append(fs, j.byCode[code]...)
	}
	if len(fs) == 0 {
		return "", 0
	}
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].Start < fs[b].Start })
	var eg []string
	seen := map[string]bool{}
	for _, f := range fs {
		if len(f.Suggestions) == 0 || seen[f.Text] {
			continue
		}
		seen[f.Text] = true
		eg = append(eg, fmt.Sprintf("“%s” → “%s”", f.Text, f.Suggestions[0]))
		if len(eg) == 2 {
			break
		}
	}
	s := fmt.Sprintf("Correct %s", plural(len(fs), "spelling slip", "spelling slips"))
	if len(eg) > 0 {
		s += ", e.g. " + strings.Join(eg, " and ")
	}
	return s + ".", len(fs)
}

func questionTopic(q analysis.Question) string {
	if q.Factor != "" {
		return question.FactorPhrase(q)
	}
	if q.Text != "" {
		return "the question"
	}
	return "your argument"
}

// lowerFirstIf lower-cases s's first letter when cond holds.
func lowerFirstIf(cond bool, s string) string {
	if cond {
		return lowerFirst(s)
	}
	return s
}

func moreOf(n int, what string) string {
	if n <= 0 {
		return ""
	}
	if n == 1 {
		return fmt.Sprintf(" (and the same in 1 more %s)", what)
	}
	return fmt.Sprintf(" (and the same in %d more %ss)", n, what)
}

// quote shortens a span of the essay to at most twelve words, with spaces
// tidied, for quoting in feedback.
func quote(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	if len(words) > 12 {
		return strings.Join(words[:12], " ") + "…"
	}
	out := strings.Join(words, " ")
	if utf8.RuneCountInString(out) > 120 {
		rs := []rune(out)
		return string(rs[:120]) + "…"
	}
	return out
}

// quoteStart is the first six words of a span.
func quoteStart(s string) string {
	// Seven words tell whether there are more than six; s is often a whole
	// paragraph, so splitting all of it would be waste.
	var words [7]string
	n := 0
	for w := range strings.FieldsSeq(s) {
		if n == len(words) {
			break
		}
		words[n] = w
		n++
	}
	if n > 6 {
		return strings.TrimRight(strings.Join(words[:6], " "), ".,;:") + "…"
	}
	return strings.Join(words[:n], " ")
}

func joinAnd(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

func countIn(spans []analysis.Span, in analysis.Span) int {
	n := 0
	for _, s := range spans {
		if in.Contains(s) {
			n++
		}
	}
	return n
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	if r >= 'A' && r <= 'Z' && !(len(s) > n && s[n] >= 'A' && s[n] <= 'Z') {
		return string(r+'a'-'A') + s[n:]
	}
	return s
}

func ensureStop(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// calendarWords are capitalised words that are not the subject of anything.
var calendarWords = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
}
