package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/rubric"
)

// AnswerOptions choose how Clio marks the answers being evaluated.
type AnswerOptions struct {
	// Rubric marks every answer when set. Otherwise an answer's own rubric
	// (Answer.Rubric) is used, and failing that Choose.
	Rubric *rubric.Rubric
	// Rubrics resolves Answer.Rubric and is handed to Choose; the built-in
	// set when nil.
	Rubrics *rubric.Set
	// Choose picks the rubric for an analysed answer when neither Rubric nor
	// the answer names one (rubric.Choose when nil).
	Choose  func(set *rubric.Set, q analysis.Question, maxMark int) *rubric.Rubric
	Workers int
}

// ErrUnknownRubric is an answer's rubric that is not loaded.
var ErrUnknownRubric = errors.New("unknown rubric")

// MarkedAnswer is one answer with the marker's and Clio's judgements.
type MarkedAnswer struct {
	ID         string `json:"id,omitempty"`
	Line       int    `json:"line"`
	Group      string `json:"group"`
	Rubric     string `json:"rubric"`
	Words      int    `json:"words"`
	MaxMark    int    `json:"max_mark"`
	HumanMark  int    `json:"human_mark"`
	ClioMark   int    `json:"clio_mark"`
	HumanLevel int    `json:"human_level,omitempty"`
	// ClioLevel is 0 when Clio's rubric is not on the answer's scale, so
	// that its levels cannot be compared with the marker's.
	ClioLevel int      `json:"clio_level,omitempty"`
	Caps      []string `json:"caps,omitempty"`
}

// GroupAgreement is how far Clio follows the markers on one question type.
type GroupAgreement struct {
	N       int `json:"n"`
	MinMark int `json:"min_mark"`
	MaxMark int `json:"max_mark"`
	// Spearman is the rank correlation of Clio's mark with the marker's;
	// SpearmanWords that of the word count, the baseline to beat.
	Spearman      float64 `json:"spearman"`
	SpearmanWords float64 `json:"spearman_words"`
	QWK           float64 `json:"qwk"`
	MAE           float64 `json:"mae"`
	// Level figures count only answers with the marker's level and a rubric
	// on the answer's scale (LevelN of them).
	LevelN        int     `json:"level_n"`
	LevelExact    float64 `json:"level_exact"`
	LevelAdjacent float64 `json:"level_adjacent"`
	// LevelBias is the mean of Clio's level minus the marker's: above 0,
	// Clio is generous.
	LevelBias float64 `json:"level_bias"`
}

// AnswerAgreement is the agreement per question type and over all answers
// (Spearman and QWK over all answers use marks as shares of their maximum).
type AnswerAgreement struct {
	All     *GroupAgreement            `json:"all"`
	Groups  map[string]*GroupAgreement `json:"groups"`
	Answers []MarkedAnswer             `json:"answers"`
}

// GroupIDs returns the groups in order.
func (a *AnswerAgreement) GroupIDs() []string {
	ids := make([]string, 0, len(a.Groups))
	for k := range a.Groups {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids
}

// EvaluateAnswers marks every answer and measures agreement with the
// markers, per question type, beside the word-count baseline.
func EvaluateAnswers(ctx context.Context, answers []Answer, analyze AnalyzeFunc, opts AnswerOptions) (*AnswerAgreement, []Problem, error) {
	if opts.Rubrics == nil {
		set, err := rubric.Builtin()
		if err != nil {
			return nil, nil, err
		}
		opts.Rubrics = set
	}
	if opts.Choose == nil {
		opts.Choose = rubric.Choose
	}
	marked := make([]MarkedAnswer, len(answers))
	errs, err := forEach(ctx, len(answers), opts.Workers, func(i int) error {
		a := answers[i]
		r := opts.Rubric
		if r == nil && a.Rubric != "" {
			var ok bool
			if r, ok = opts.Rubrics.Get(a.Rubric); !ok {
				return &analysis.InputError{Err: fmt.Errorf("%w %q", ErrUnknownRubric, a.Rubric), Offset: -1}
			}
		}
		res, err := analyze(ctx, a.Text, a.Question)
		if err != nil {
			return err
		}
		if r == nil {
			r = opts.Choose(opts.Rubrics, res.Task.Question, a.MaxMark)
		}
		rep := rubric.Mark(res, r, rubric.Options{})
		m := MarkedAnswer{ID: a.ID, Line: a.Line, Group: groupOf(a), Rubric: r.ID, Words: res.Document.Words,
			MaxMark: a.MaxMark, HumanMark: a.Mark, HumanLevel: a.Level}
		if r.MaxMark == a.MaxMark && a.MinMark == 0 {
			m.ClioMark, m.ClioLevel = rep.Mark, rep.Level
		} else {
			frac := float64(rep.Mark) / float64(r.MaxMark)
			m.ClioMark = a.MinMark + int(math.Round(frac*float64(a.MaxMark-a.MinMark)))
		}
		for _, c := range rep.Caps {
			m.Caps = append(m.Caps, c.When)
		}
		marked[i] = m
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("evaluating: %w", err)
	}
	var used []MarkedAnswer
	var problems []Problem
	for i, e := range errs {
		if e != nil {
			if analysis.IsInputError(e) {
				problems = append(problems, Problem{Line: answers[i].Line, Err: e})
				continue
			}
			return nil, nil, fmt.Errorf("line %d: %w", answers[i].Line, e)
		}
		used = append(used, marked[i])
	}
	return AgreeAnswers(used), problems, nil
}

// groupOf names an answer's question type with its maximum, so that a
// 4-mark and a 12-mark "explain" question are not ranked together.
func groupOf(a Answer) string {
	t := a.Type
	if t == "" {
		t = "answers"
	}
	return fmt.Sprintf("%s/%d", t, a.MaxMark)
}

// AgreeAnswers computes the agreement figures from marked answers.
func AgreeAnswers(ms []MarkedAnswer) *AnswerAgreement {
	ag := &AnswerAgreement{Groups: map[string]*GroupAgreement{}, Answers: ms}
	if ag.Answers == nil {
		ag.Answers = []MarkedAnswer{}
	}
	by := map[string][]MarkedAnswer{}
	for _, m := range ms {
		by[m.Group] = append(by[m.Group], m)
	}
	for g, xs := range by {
		ag.Groups[g] = groupAgreement(xs, false)
	}
	ag.All = groupAgreement(ms, true)
	return ag
}

// groupAgreement measures one group; pooled groups mix scales, so their
// marks are compared as shares of each answer's maximum (QWK on a 0..10
// scale of tenths).
func groupAgreement(ms []MarkedAnswer, pooled bool) *GroupAgreement {
	g := &GroupAgreement{N: len(ms)}
	if len(ms) == 0 {
		return g
	}
	h := make([]float64, len(ms))
	c := make([]float64, len(ms))
	w := make([]float64, len(ms))
	hi := make([]int, len(ms))
	ci := make([]int, len(ms))
	g.MaxMark = ms[0].MaxMark
	lvN, exact, adj, bias, mae := 0, 0, 0, 0, 0.0
	for i, m := range ms {
		g.MaxMark = max(g.MaxMark, m.MaxMark)
		if pooled {
			h[i] = float64(m.HumanMark) / float64(m.MaxMark)
			c[i] = float64(m.ClioMark) / float64(m.MaxMark)
			hi[i], ci[i] = int(math.Round(10*h[i])), int(math.Round(10*c[i]))
		} else {
			h[i], c[i] = float64(m.HumanMark), float64(m.ClioMark)
			hi[i], ci[i] = m.HumanMark, m.ClioMark
		}
		w[i] = float64(m.Words)
		mae += math.Abs(h[i] - c[i])
		if m.HumanLevel > 0 && m.ClioLevel > 0 {
			lvN++
			d := m.ClioLevel - m.HumanLevel
			if d == 0 {
				exact++
			}
			if d >= -1 && d <= 1 {
				adj++
			}
			bias += d
		}
	}
	if pooled {
		g.MaxMark = 10
		g.QWK = round4(QWK(hi, ci, 0, 10))
	} else {
		g.QWK = round4(QWK(hi, ci, 0, g.MaxMark))
	}
	g.Spearman = round4(Spearman(c, h))
	g.SpearmanWords = round4(Spearman(w, h))
	g.MAE = round4(mae / float64(len(ms)))
	g.LevelN = lvN
	if lvN > 0 {
		n := float64(lvN)
		g.LevelExact, g.LevelAdjacent, g.LevelBias = round4(float64(exact)/n), round4(float64(adj)/n), round4(float64(bias)/n)
	}
	return g
}

// Spearman is the rank correlation of x and y (ties share their mean rank);
// 0 when either does not vary.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return 0
	}
	return pearson(ranks(x), ranks(y))
}

func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}
