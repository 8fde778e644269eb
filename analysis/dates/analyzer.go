package dates

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

// Finding codes (documented in doc.go and README.md).
const (
	CodeConflict = "dates.conflict"
	// CodeInconsistent: a date beside a numbered event that another event
	// of its series fits ("the 1921 11th Party Congress").
	CodeInconsistent = "dates.inconsistent"
	CodeAnachronism  = "dates.anachronism"
	CodeOutOfPeriod  = "dates.out-of-period"
	CodeImpossible   = "dates.impossible"
	CodeVague        = "dates.vague"
	CodePrecise      = "dates.precise"
)

// Name is the analyzer's name: every code and metric it reports begins with
// it and a dot.
const Name = "dates"

// Metric names (doc.go says what each measures).
const (
	MetricCount          = "dates.count"
	MetricPer100Words    = "dates.per_100_words"
	MetricParagraphShare = "dates.paragraph_share"
	// MetricConflicts counts dates.conflict and dates.inconsistent findings.
	MetricConflicts      = "dates.conflicts"
	MetricAnachronisms   = "dates.anachronisms"
	MetricImpossible     = "dates.impossible"
	MetricPeriodCoverage = "dates.period_coverage"
)

// maxPrecise caps the dates.precise strengths reported for one essay.
const maxPrecise = 3

// Analyzer is the "dates" analyzer. It is read-only after New and safe for
// concurrent use.
type Analyzer struct {
	lib  *history.Library
	know map[string]*knowledge
	now  func() time.Time
}

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithNow sets the clock used to find years in the future (for tests).
func WithNow(now func() time.Time) Option {
	return func(a *Analyzer) {
		if now != nil {
			a.now = now
		}
	}
}

// New builds the analyzer over the topic packs of lib; lib may be nil, and
// then dates are found and checked for impossibility and period only.
func New(lib *history.Library, opts ...Option) *Analyzer {
	a := &Analyzer{lib: lib, know: map[string]*knowledge{}, now: time.Now}
	if lib != nil {
		for _, p := range lib.Packs() {
			a.know[p.ID] = newKnowledge(p)
		}
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Name is "dates".
func (a *Analyzer) Name() string { return Name }

// knowledgeFor is the knowledge of the packs the task names (its topic,
// and the other packs of its exam option), else of the packs the question and
// essay are detected to be about; none when the task settled on no pack.
func (a *Analyzer) knowledgeFor(doc *analysis.Document, task analysis.Task) []*knowledge {
	if a.lib == nil {
		return nil
	}
	var ids []string
	c := task.Question.TopicChoice
	switch {
	case c != nil && (task.Topic == "" || task.Topic == c.ID):
		ids = c.Packs
	case task.Topic != "":
		ids = []string{task.Topic}
	case task.Question.Topic != "":
		ids = []string{task.Question.Topic}
	default:
		for _, p := range a.lib.DetectQuestion(task.Question, doc.Text).Packs {
			ids = append(ids, p.ID)
		}
	}
	var out []*knowledge
	for _, id := range ids {
		if k := a.know[id]; k != nil {
			out = append(out, k)
		}
	}
	return out
}

// Analyze finds the essay's dates, checks them and reports findings,
// metrics and the dates themselves.
func (a *Analyzer) Analyze(ctx context.Context, doc *analysis.Document, task analysis.Task) (analysis.Output, error) {
	if doc == nil {
		return analysis.Output{}, errors.New("dates: no document")
	}
	if err := ctx.Err(); err != nil {
		return analysis.Output{}, fmt.Errorf("dates: %w", err)
	}
	exprs := Extract(doc, task.Locale)
	ks := a.knowledgeFor(doc, task)
	var k *knowledge
	var res checkResult
	switch len(ks) {
	case 0:
		res.checks = make([]dateCheck, len(exprs))
		for i := range res.checks {
			res.checks[i].Verdict = VerdictUnknown
		}
	case 1:
		k = ks[0]
		res = k.check(doc, exprs)
	default:
		k = ks[0]
		res = checkAll(doc, exprs, ks)
	}
	r := report{doc: doc, exprs: exprs, res: res, know: k, period: task.Question.Period, now: a.now()}
	if r.period == nil && k != nil && k.pack.Period.From != 0 {
		pp := k.pack.Period
		r.packPeriod = &pp
	}
	return r.build(), nil
}

type report struct {
	doc        *analysis.Document
	exprs      []Expr
	res        checkResult
	know       *knowledge
	period     *analysis.Period
	packPeriod *analysis.Period
	now        time.Time
	out        analysis.Output
	flagged    map[int]bool // paragraphs with a mistake
}

func (r *report) build() analysis.Output {
	r.out.Metrics = map[string]float64{}
	r.flagged = map[int]bool{}
	// One finding per date: a date already told off for a dead person's
	// act keeps that finding; a date that conflicts with the pack and also
	// puts its event before a cause gets the order finding, which gives
	// the right date too.
	taken := map[int]bool{}
	for _, an := range r.res.anachronisms {
		taken[an.Expr] = true
	}
	mismatches := map[int]mismatch{}
	for _, m := range r.res.mismatches {
		mismatches[m.Expr] = m
	}
	orders := map[int]orderError{}
	for _, o := range r.res.orders {
		if !taken[o.Expr] {
			orders[o.Expr] = o
		}
	}
	dates := make([]analysis.Date, len(r.exprs))
	for i := range r.exprs {
		e := &r.exprs[i]
		d := e.Date()
		c := r.res.checks[i]
		d.Verdict = c.Verdict
		if c.Fact != nil {
			d.Event = c.Fact.Name
		}
		// Outside the question's period says more about an essay than that
		// the date is right; Event still names what it was checked against.
		if d.Verdict != VerdictConflict && r.outOfPeriod(e) {
			d.Verdict = VerdictOutOfPeriod
		}
		dates[i] = d
		if m, ok := mismatches[i]; ok {
			r.mismatch(e, m)
		} else if o, ok := orders[i]; ok {
			r.order(e, o)
		} else if c.Verdict == VerdictConflict {
			r.conflict(e, c.Fact)
		}
		r.impossible(e)
	}
	r.out.Dates = dates
	for _, an := range r.res.anachronisms {
		e := &r.exprs[an.Expr]
		r.add(analysis.Finding{Code: CodeAnachronism, Severity: analysis.SeverityError, Span: e.Span,
			Message: fmt.Sprintf("%s died %s, so cannot have done this in %s: check who acted, or the date.",
				an.Person.Name, onDate(an.Person.Died), r.doc.Slice(e.Span)),
			Data: withSources(map[string]string{"person": an.Person.ID, "died": an.Person.Died.String(), "written": e.Value}, an.Person.Sources)})
	}
	r.paragraphs()
	r.metrics()
	return r.out
}

func (r *report) add(f analysis.Finding) {
	r.out.Findings = append(r.out.Findings, f)
	if f.Severity == analysis.SeverityError {
		r.flagged[r.doc.ParagraphAt(f.Start)] = true
	}
}

func (r *report) conflict(e *Expr, f *factRef) {
	written := r.doc.Slice(e.Span)
	r.add(analysis.Finding{Code: CodeConflict, Severity: analysis.SeverityError, Span: e.Span,
		Message: fmt.Sprintf("Check this date: the timeline gives %s for “%s”, but this sentence says %s.",
			f.Correct, f.Name, written),
		Suggestions: []string{f.Correct},
		Data:        withSources(map[string]string{"event": f.Name, "event_id": f.ID, "correct": f.Value, "written": e.Value}, f.Sources)})
}

// withSources adds the pages where the pack's date was checked to a
// finding's data: "source" is the first, "sources" all of them separated by
// spaces, so a tutor can check Clio's claim in one click.
func withSources(data map[string]string, urls []string) map[string]string {
	if len(urls) > 0 {
		data["source"] = urls[0]
		data["sources"] = strings.Join(urls, " ")
	}
	return data
}

// mismatch reports a date that does not fit the numbered event beside it
// but fits another of its series.
func (r *report) mismatch(e *Expr, m mismatch) {
	written := r.doc.Slice(e.Span)
	r.add(analysis.Finding{Code: CodeInconsistent, Severity: analysis.SeverityError, Span: e.Span,
		Message: fmt.Sprintf("These do not agree: the %s met %s, but %s was the year of the %s (%s). Check the number or the year.",
			m.Written.Name, inWords(m.Written.Correct), written, m.Fits.Name, m.Fits.Correct),
		Suggestions: []string{m.Written.Correct, m.Fits.Name},
		Data: withSources(map[string]string{"event": m.Written.Name, "event_id": m.Written.ID, "correct": m.Written.Value,
			"written": e.Value, "fits": m.Fits.Name, "fits_id": m.Fits.ID, "fits_when": m.Fits.Value},
			append(append([]string(nil), m.Written.Sources...), m.Fits.Sources...))})
}

// inWords puts "in" or "on" before a date in words: "on 3 April 1922", "in
// 1922", "in March 1921", "from 27 March to 2 April 1922".
func inWords(d string) string {
	switch {
	case strings.Contains(d, "–"):
		return "in " + d
	case len(d) > 0 && d[0] >= '0' && d[0] <= '9' && strings.Contains(d, " "):
		return "on " + d
	}
	return "in " + d
}

// order reports a date that puts an event before one of its causes.
func (r *report) order(e *Expr, o orderError) {
	cause := &r.exprs[o.Cause]
	msg := fmt.Sprintf("The essay dates “%s” (%s) before “%s” (%s), which led to it; the timeline gives %s for “%s” and %s for “%s”.",
		o.Event.Name, r.doc.Slice(e.Span), o.By.Name, r.doc.Slice(cause.Span),
		intervalWords(o.By.When), o.By.Name, intervalWords(o.Event.When), o.Event.Name)
	if r.know != nil && r.know.oldStyle && calendarGap(e, cause) {
		msg += " If one of these dates is Old Style, give both in the same calendar."
	}
	r.add(analysis.Finding{Code: CodeAnachronism, Severity: analysis.SeverityError, Span: e.Span,
		Message:     msg,
		Suggestions: []string{intervalWords(o.Event.When)},
		Data: withSources(map[string]string{"event": o.Event.ID, "cause": o.By.ID, "written": e.Value,
			"cause_written": cause.Value, "correct": o.Event.When.String()}, o.Event.Sources)})
}

// period is the question's period, or else the pack's (for BC/AD checks).
func (r *report) anyPeriod() *analysis.Period {
	if r.period != nil {
		return r.period
	}
	return r.packPeriod
}

func (r *report) impossible(e *Expr) {
	msg := ""
	switch {
	case e.Impossible != "":
		msg = "This date cannot be right: " + e.Impossible + "."
	case e.Resolved && !e.Contextual && e.From.Year() > r.now.Year():
		msg = fmt.Sprintf("This date is in the future (%s): check the year.", r.doc.Slice(e.Span))
	case e.Resolved && !e.Contextual && e.To.Year() <= 0:
		if p := r.anyPeriod(); p != nil && p.From > 0 {
			if y := 1 - e.From.Year(); y >= p.From-100 && y <= p.To+100 {
				msg = fmt.Sprintf("This date is BC, but the topic is about the years %d–%d AD: did you mean %d?",
					p.From, p.To, y)
			}
		}
	}
	if msg != "" {
		r.add(analysis.Finding{Code: CodeImpossible, Severity: analysis.SeverityError, Span: e.Span,
			Message: msg, Data: map[string]string{"written": e.Value}})
	}
}

// periodMargin is how far outside the question's period a date may fall and
// still count as in it: a few years of lead-in and aftermath are relevant.
func periodMargin(p *analysis.Period) int {
	return max(3, (p.To-p.From)/3)
}

func (r *report) outOfPeriod(e *Expr) bool {
	p := r.period
	if p == nil || !e.Resolved || e.Impossible != "" {
		return false
	}
	m := periodMargin(p)
	return e.To.Year() < p.From-m || e.From.Year() > p.To+m
}

// body reports whether paragraph pi is a body paragraph: not the
// introduction or conclusion of an essay of three or more paragraphs.
func (r *report) body(pi int) bool {
	n := len(r.doc.Paragraphs)
	return n < 3 || (pi > 0 && pi < n-1)
}

func (r *report) paragraphs() {
	byPara := make([][]int, len(r.doc.Paragraphs))
	for i := range r.exprs {
		if pi := r.doc.ParagraphAt(r.exprs[i].Start); pi >= 0 {
			byPara[pi] = append(byPara[pi], i)
		}
	}
	precise := 0
	for pi, idx := range byPara {
		para := r.doc.Paragraphs[pi]
		if len(idx) == 0 {
			if r.historyEssay() && r.body(pi) && para.Sentences.Len() >= 2 && para.Words >= 40 {
				first := r.doc.Sentences[para.Sentences.Start]
				r.add(analysis.Finding{Code: CodeVague, Severity: analysis.SeverityInfo, Span: first.Span,
					Message: "This paragraph makes its points without a single date: tying one or two of them to a year or a month would make the argument more precise."})
			}
			continue
		}
		var out, in []string
		firstOut := -1
		for _, i := range idx {
			switch {
			case r.out.Dates[i].Verdict == VerdictOutOfPeriod:
				out = append(out, r.doc.Slice(r.exprs[i].Span))
				if firstOut < 0 {
					firstOut = i
				}
			case r.exprs[i].Resolved:
				in = append(in, r.doc.Slice(r.exprs[i].Span))
			}
		}
		if p := r.period; p != nil && pi > 0 && len(out) >= 2 && len(out) > len(in) {
			r.add(analysis.Finding{Code: CodeOutOfPeriod, Severity: analysis.SeverityWarning, Span: r.exprs[firstOut].Span,
				Message: fmt.Sprintf("Most of this paragraph's dates (%s) fall well outside the question's period, %d–%d: use such material briefly as background and keep the focus on the period.",
					strings.Join(out, ", "), p.From, p.To),
				Data: map[string]string{"period": fmt.Sprintf("%d/%d", p.From, p.To)}})
		}
		if precise < maxPrecise && !r.flagged[pi] && r.preciseParagraph(idx) {
			precise++
			e := &r.exprs[idx[0]]
			r.add(analysis.Finding{Code: CodePrecise, Severity: analysis.SeverityStrength, Span: e.Span,
				Message: "Precise chronology: this paragraph ties its events to exact dates, which makes the sequence of cause and effect clear."})
		}
	}
}

// preciseParagraph: at least three dates of their own (not relative), one
// of them a month or a day, or four or more dates.
func (r *report) preciseParagraph(idx []int) bool {
	n, fine := 0, false
	for _, i := range idx {
		e := &r.exprs[i]
		if !e.Resolved || e.Contextual || e.Impossible != "" {
			continue
		}
		n++
		if e.Kind == KindDay || e.Kind == KindMonth {
			fine = true
		}
	}
	return n >= 4 || (n >= 3 && fine)
}

func (r *report) metrics() {
	m := r.out.Metrics
	n := float64(len(r.exprs))
	m[MetricCount] = n
	if r.doc.Words > 0 {
		m[MetricPer100Words] = n * 100 / float64(r.doc.Words)
	} else {
		m[MetricPer100Words] = 0
	}
	dated := map[int]bool{}
	for i := range r.exprs {
		dated[r.doc.ParagraphAt(r.exprs[i].Start)] = true
	}
	delete(dated, -1)
	if np := len(r.doc.Paragraphs); np > 0 {
		m[MetricParagraphShare] = float64(len(dated)) / float64(np)
	} else {
		m[MetricParagraphShare] = 0
	}
	counts := map[string]int{}
	for _, f := range r.out.Findings {
		counts[f.Code]++
	}
	m[MetricConflicts] = float64(counts[CodeConflict] + counts[CodeInconsistent])
	m[MetricAnachronisms] = float64(counts[CodeAnachronism])
	m[MetricImpossible] = float64(counts[CodeImpossible])
	if p := r.period; p != nil && p.To >= p.From && p.To-p.From < 1000 {
		covered := map[int]bool{}
		for i := range r.exprs {
			e := &r.exprs[i]
			if !e.Resolved || e.Impossible != "" || e.To.Year()-e.From.Year() > 0 {
				continue
			}
			if y := e.From.Year(); y >= p.From && y <= p.To {
				covered[y] = true
			}
		}
		m[MetricPeriodCoverage] = float64(len(covered)) / float64(p.To-p.From+1)
	}
}

// onDate writes "on 21 January 1924", "in January 1924" or "in 1924".
func onDate(d history.Date) string {
	if d.Precision() == history.PrecisionDay {
		return "on " + dateWords(d)
	}
	return "in " + dateWords(d)
}

// historyEssay reports whether the essay is known to be about history: it
// has a topic pack, a question with a period, or dates of its own. Only then
// is a paragraph without dates worth remarking on.
func (r *report) historyEssay() bool {
	return r.know != nil || r.period != nil || len(r.exprs) > 0
}
