package analysis

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strconv"
	"time"
)

// Period is a span of years, inclusive. In a question's period, From is 0
// when the question gives only an end ("in the years to 1941", "by 1929"):
// the period runs up to To.
type Period struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Question is the essay question as understood by analysis/question. A
// zero Question means the essay came without one. The fields after Topic
// were added later; each is empty when the question does not say.
type Question struct {
	Text string `json:"text"`
	// Command is the kind of question: "why", "to-what-extent",
	// "how-far-agree", "how-significant", "how-successful", "how-accurate",
	// "assess-validity", "compare", "which-more-important", "discuss",
	// "how-far-support", "how-useful", "how-convincing", "why-differ",
	// "how-do-you-know", "infer", "follow-up", "purpose", "describe",
	// "account", "in-what-ways", "consequences", or "" when unknown. The
	// README's table says which wordings each stands for.
	Command string `json:"command,omitempty"`
	// Factor is the factor the question sets to be weighed, as a noun
	// phrase without its leading article ("Great Depression", "weakness of
	// his rivals", "role of Gorbachev" for a person), if any. A claim that
	// names no factor ("X was a success") leaves it empty: the claim is in
	// Claim.
	Factor   string   `json:"factor,omitempty"`
	Period   *Period  `json:"period,omitempty"`
	KeyTerms []string `json:"key_terms,omitempty"`
	Topic    string   `json:"topic,omitempty"`
	// TopicChoice says which topic pack the essay was judged against, or
	// that none was, and why. Nil when no one settled it (an analyzer run on
	// its own then detects the topic itself).
	TopicChoice *TopicChoice `json:"topic_choice,omitempty"`

	// Claim is the view the question asks the student to judge, as a whole
	// proposition: a quoted view, the clause after "How far do you agree
	// that…", or the question turned into a statement ("To what extent was
	// the Weimar Republic doomed from the start?" → "the Weimar Republic was
	// doomed from the start").
	Claim string `json:"claim,omitempty"`
	// Focus is what the factor is weighed against or the sources and
	// extracts are read for: "the rise of the Nazis" in "How important was
	// the Great Depression in the rise of the Nazis?", "the Munich
	// Agreement" in "How useful are Sources B and C to an historian studying
	// the Munich Agreement?". It may be a clause ("why Stalin became
	// leader").
	Focus string `json:"focus,omitempty"`
	// Items are the things the question asks the student to choose between
	// or compare: the two reasons of "Which of the following was the more
	// important reason…? (i) … (ii) …", the two sides of "Compare…".
	Items []string `json:"items,omitempty"`
	// Stimulus are the points a question offers ("You may use the following
	// in your answer: • … • …"); the answer is expected to go beyond them.
	Stimulus []string `json:"stimulus,omitempty"`
	// Materials are the labels of the sources, extracts, passages or
	// interpretations the question names ("Source B", "Extract 1",
	// "Interpretation A"), in the order it names them; MaterialCount is how
	// many it refers to, also when it names none ("these three extracts").
	Materials     []string `json:"materials,omitempty"`
	MaterialCount int      `json:"material_count,omitempty"`
	// TaskType is "essay", "sources" (AO2: primary sources),
	// "interpretations" (AO3: historians' extracts or interpretations),
	// "short-answer" (describe, account, explain-why and similar structured
	// answers that do not ask for an overall judgement), or "" when unknown.
	TaskType string `json:"task_type,omitempty"`
	// Qualification is "a-level" (including Cambridge International AS & A
	// Level and the IB Diploma) or "gcse" when the wording says so, else "".
	Qualification string `json:"qualification,omitempty"`
	// Form is the board's question form when its wording is distinctive
	// ("aqa-gcse-account", "pearson-edexcel-a-level-extracts"), else "".
	Form string `json:"form,omitempty"`
	// Marks is the mark the question carries when it states one ("[16
	// marks]"), else 0.
	Marks int `json:"marks,omitempty"`
}

// TopicChoice records the topic pack an essay was judged against and why:
// the request named it, or the question or essay showed it (with the names
// that did), or no pack clearly fitted, in which case no knowledge-based
// finding is given.
type TopicChoice struct {
	// ID is the pack's id, "" when no pack was used.
	ID    string `json:"id,omitempty"`
	Title string `json:"title,omitempty"`
	// Packs are every pack whose knowledge applied, ID first (an exam
	// option can span several packs).
	Packs []string `json:"packs,omitempty"`
	// Option names the exam option when Packs has more than one.
	Option string `json:"option,omitempty"`
	// By is "request" (the tutor or client named the topic), "question",
	// "essay", or "none".
	By    string  `json:"by"`
	Score float64 `json:"score,omitempty"`
	// Evidence is the pack's names and terms found, most telling first.
	Evidence []string `json:"evidence,omitempty"`
	Reason   string   `json:"reason"`
}

// Task is what the essay was written for: the question, the topic pack to
// judge it against and the spelling locale.
type Task struct {
	Question Question
	// Topic is the id of a topic pack ("russia-1917-1953"), or "" to let
	// analyzers that use knowledge work without one.
	Topic string
	// Locale is "en-GB" (the default) or "en-US".
	Locale string
}

// Output is what one analyzer reports.
type Output struct {
	Findings []Finding
	// Metrics are named numbers for the rubric, prefixed with the analyzer's
	// name ("structure.paragraphs").
	Metrics map[string]float64
	// Dates is filled only by the dates analyzer.
	Dates []Date
}

// Analyzer examines a Document for one aspect of an essay. Analyzers are
// independent of one another, must be safe for concurrent use, and set only
// Span on their findings: the pipeline fills ID, Text and Paragraph.
type Analyzer interface {
	Name() string
	Analyze(ctx context.Context, doc *Document, task Task) (Output, error)
}

// Result is everything the analyzers found, ready for rubric.Mark.
type Result struct {
	Document *Document
	Task     Task
	Findings []Finding
	Metrics  map[string]float64
	Dates    []Date
	// Analyzers are the names of the analyzers that ran, in order.
	Analyzers []string
	// Timings is how long each analyzer took, by name.
	Timings map[string]time.Duration
}

// FindingsWithCode returns the findings whose code is code.
func (r *Result) FindingsWithCode(code string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// Pipeline runs a fixed, explicitly registered list of analyzers.
type Pipeline struct {
	analyzers []Analyzer
}

// NewPipeline registers analyzers in the order given. Names must be unique.
func NewPipeline(analyzers ...Analyzer) (*Pipeline, error) {
	seen := map[string]bool{}
	for _, a := range analyzers {
		if a == nil {
			return nil, errors.New("pipeline: nil analyzer")
		}
		if seen[a.Name()] {
			return nil, fmt.Errorf("pipeline: analyzer %q registered twice", a.Name())
		}
		seen[a.Name()] = true
	}
	return &Pipeline{analyzers: analyzers}, nil
}

// Analyzers returns the names of the registered analyzers.
func (p *Pipeline) Analyzers() []string {
	names := make([]string, len(p.analyzers))
	for i, a := range p.analyzers {
		names[i] = a.Name()
	}
	return names
}

// Run runs every analyzer over doc. Analyzers run one after another: on a
// server many essays are marked at once, so parallelism across essays already
// uses every core, and one order keeps results deterministic.
func (p *Pipeline) Run(ctx context.Context, doc *Document, task Task) (*Result, error) {
	if task.Locale == "" {
		task.Locale = "en-GB"
	}
	res := &Result{Document: doc, Task: task, Metrics: map[string]float64{},
		Timings: make(map[string]time.Duration, len(p.analyzers))}
	for _, a := range p.analyzers {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("analysis: %w", err)
		}
		began := time.Now()
		out, err := runOne(ctx, a, doc, task)
		res.Timings[a.Name()] = time.Since(began)
		if err != nil {
			return nil, err
		}
		for _, f := range out.Findings {
			if f.Start < 0 || f.End > len(doc.Text) || f.Start > f.End {
				return nil, fmt.Errorf("%w: %s reported span %v outside the text (%d bytes)",
					ErrAnalyzerFail, a.Name(), f.Span, len(doc.Text))
			}
			f.Analyzer = a.Name()
			f.Text = doc.Text[f.Start:f.End]
			f.Paragraph = -1
			if f.Len() > 0 {
				f.Paragraph = doc.ParagraphAt(f.Start)
			}
			res.Findings = append(res.Findings, f)
		}
		for k, v := range out.Metrics {
			res.Metrics[k] = v
		}
		for _, d := range out.Dates {
			d.Text = doc.Slice(d.Span)
			res.Dates = append(res.Dates, d)
		}
		res.Analyzers = append(res.Analyzers, a.Name())
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	for i := range res.Findings {
		res.Findings[i].ID = "f" + strconv.Itoa(i+1)
	}
	sort.SliceStable(res.Dates, func(i, j int) bool { return res.Dates[i].Start < res.Dates[j].Start })
	for i := range res.Dates {
		res.Dates[i].ID = "d" + strconv.Itoa(i+1)
	}
	return res, nil
}

// runOne turns an analyzer's panic into an error so that one bad analyzer
// cannot take down a server that is marking other essays.
func runOne(ctx context.Context, a Analyzer, doc *Document, task Task) (out Output, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s panicked: %v\n%s", ErrAnalyzerFail, a.Name(), r, debug.Stack())
		}
	}()
	out, err = a.Analyze(ctx, doc, task)
	if err != nil {
		return Output{}, fmt.Errorf("%w: %s: %w", ErrAnalyzerFail, a.Name(), err)
	}
	return out, nil
}
