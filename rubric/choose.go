package rubric

import (
	"slices"

	"github.com/clio-history/clio/analysis"
)

// Choose picks the rubric for a question when the caller names none:
//
//  1. a scheme that lists the question's form (the parser's reading of the
//     board's wording), on the question's marks when it states them;
//  2. for a GCSE question with no recognised form, a GCSE scheme on the
//     marks it states, preferring one of the same task type;
//  3. the default (an A-level essay).
//
// maxMark, when above 0, is the mark the caller knows the answer is out of
// and takes the place of the marks the question states.
func Choose(set *Set, q analysis.Question, maxMark int) *Rubric {
	marks := maxMark
	if marks <= 0 {
		marks = q.Marks
	}
	all := set.All()
	if q.Form != "" {
		for _, r := range all {
			if slices.Contains(r.Forms, q.Form) && (marks <= 0 || r.MaxMark == marks) {
				return r
			}
		}
	}
	if q.Qualification == "gcse" && marks > 0 {
		var fit *Rubric
		for _, r := range all {
			if r.Qualification != "gcse" || r.MaxMark != marks {
				continue
			}
			if r.QuestionType == q.TaskType {
				return r
			}
			if fit == nil {
				fit = r
			}
		}
		if fit != nil {
			return fit
		}
	}
	r, _ := set.Get(DefaultID)
	return r
}
