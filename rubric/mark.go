package rubric

import (
	"math"

	"github.com/clio-history/clio/analysis"
)

// Options tune marking.
type Options struct {
	// ClioVersion is recorded in the report.
	ClioVersion string
}

// Mark judges an analysed essay against a rubric. It is deterministic: the
// same result and rubric always give the same report.
//
// This is the provisional marking path: each criterion is scored from the
// metrics the analyzers report, and the weighted score is placed on the
// rubric's bands.
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
		Stats: Stats{Words: doc.Words, Sentences: len(doc.Sentences), Paragraphs: len(doc.Paragraphs)},
		Versions: Versions{Clio: opts.ClioVersion, Analyzers: res.Analyzers, Rubric: r.ID},
	}
	if rep.Findings == nil {
		rep.Findings = []analysis.Finding{}
	}
	if rep.Dates == nil {
		rep.Dates = []analysis.Date{}
	}
	total := 0.0
	for _, c := range r.Criteria {
		score, ids := scoreCriterion(c.ID, res)
		total += c.Weight * score
		rep.Criteria = append(rep.Criteria, CriterionResult{
			ID: c.ID, Name: c.Name, Score: round2(score), Level: levelOfScore(score, rep.MaxLevel),
			Comment: c.Description, Findings: ids,
		})
	}
	rep.Level = levelOfScore(total, rep.MaxLevel)
	lvl := r.Levels[rep.Level-1]
	width := 1.0 / float64(rep.MaxLevel)
	within := (total - float64(rep.Level-1)*width) / width
	rep.Mark = lvl.Band.Min + int(math.Round(within*float64(lvl.Band.Max-lvl.Band.Min)))
	rep.Confidence = round2(math.Min(within, 1-within) * 2)
	rep.Borderline = rep.Confidence < 0.2
	rep.Feedback = Feedback{Summary: lvl.Descriptor}
	return rep
}

func scoreCriterion(id string, res *analysis.Result) (float64, []string) {
	var ids []string
	penalty := 0.0
	for _, f := range res.Findings {
		if f.Severity == analysis.SeverityWarning || f.Severity == analysis.SeverityError {
			ids = append(ids, f.ID)
			penalty += 0.05
		}
	}
	return clamp01(0.6 - penalty), ids
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

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func round2(x float64) float64 { return math.Round(x*100) / 100 }
