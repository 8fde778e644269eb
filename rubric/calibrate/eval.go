package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/rubric"
)

// EvalOptions choose how Clio marks the essays being evaluated.
type EvalOptions struct {
	// Profile, when set, marks each essay with its set's model.
	Profile *rubric.Profile
	// Rubric marks the essays when there is no profile (the default rubric
	// when nil). With RubricScale the CSV's marks are taken to be on the
	// rubric's own scale; otherwise Clio's mark is moved onto each row's
	// min_mark..max_mark by its share of the rubric's maximum.
	Rubric      *rubric.Rubric
	RubricScale bool
	Workers     int
}

// ErrProfileSets is returned when the profile lacks a set the CSV uses.
var ErrProfileSets = errors.New("the profile does not cover the CSV's sets")

// Evaluate marks every row and measures agreement with the people's marks.
// Rows the analysis refuses become Problems; the rest are used.
func Evaluate(ctx context.Context, rows []Row, analyze AnalyzeFunc, opts EvalOptions) (*Agreement, []Problem, error) {
	if opts.Profile != nil {
		var missing []string
		seen := map[string]bool{}
		for _, r := range rows {
			if _, ok := opts.Profile.Sets[r.Set]; !ok && !seen[r.Set] {
				seen[r.Set] = true
				missing = append(missing, r.Set)
			}
		}
		if len(missing) > 0 {
			return nil, nil, fmt.Errorf("%w: no model for set(s) %s", ErrProfileSets, strings.Join(missing, ", "))
		}
	}
	if opts.Rubric == nil && opts.Profile == nil {
		set, err := rubric.Builtin()
		if err != nil {
			return nil, nil, err
		}
		opts.Rubric, _ = set.Get(rubric.DefaultID)
	}
	pairs := make([]Pair, len(rows))
	errs, err := forEach(ctx, len(rows), opts.Workers, func(i int) error {
		r := rows[i]
		res, err := analyze(ctx, r.Essay, r.Prompt)
		if err != nil {
			return err
		}
		pairs[i] = Pair{Set: r.Set, MinMark: r.MinMark, MaxMark: r.MaxMark, Human: r.Mark, Clio: clioMark(res, r, opts)}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("evaluating: %w", err)
	}
	var used []Pair
	var problems []Problem
	for i, e := range errs {
		if e != nil {
			if analysis.IsInputError(e) {
				problems = append(problems, Problem{Line: rows[i].Line, Err: e})
				continue
			}
			return nil, nil, fmt.Errorf("line %d: %w", rows[i].Line, e)
		}
		used = append(used, pairs[i])
	}
	return Agree(used), problems, nil
}

func clioMark(res *analysis.Result, r Row, opts EvalOptions) int {
	var frac float64
	if opts.Profile != nil {
		m := opts.Profile.Sets[r.Set]
		mark := m.MarkOf(m.Predict(m.Features(res, r.Prompt)))
		if m.MinMark == r.MinMark && m.MaxMark == r.MaxMark {
			return mark
		}
		if m.MaxMark > m.MinMark {
			frac = float64(mark-m.MinMark) / float64(m.MaxMark-m.MinMark)
		}
	} else {
		rep := rubric.Mark(res, opts.Rubric, rubric.Options{})
		if opts.RubricScale {
			return min(max(rep.Mark, r.MinMark), r.MaxMark)
		}
		frac = float64(rep.Mark) / float64(opts.Rubric.MaxMark)
	}
	return r.MinMark + int(math.Round(frac*float64(r.MaxMark-r.MinMark)))
}
