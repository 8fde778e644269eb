package rubric_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
)

var engineOnce = sync.OnceValues(func() (*standard.Engine, error) { return standard.New(standard.Options{}) })

func engine(t testing.TB) *standard.Engine {
	e, err := engineOnce()
	require.NoError(t, err)
	return e
}

func getRubric(t testing.TB, id string) *rubric.Rubric {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	r, ok := set.Get(id)
	require.True(t, ok, id)
	return r
}

func analyze(t testing.TB, text, question string) *analysis.Result {
	res, err := engine(t).Analyze(context.Background(), standard.Request{Text: text, Question: question})
	require.NoError(t, err)
	return res
}

func markText(t testing.TB, text, question, rubricID string) *rubric.Report {
	return rubric.Mark(analyze(t, text, question), getRubric(t, rubricID), rubric.Options{})
}

func TestMarkOrdersEssays(t *testing.T) {
	strong := markText(t, strongEssay, stalinQuestion, rubric.DefaultID)
	narrative := markText(t, narrativeEssay, stalinQuestion, rubric.DefaultID)
	short := markText(t, shortEssay, stalinQuestion, rubric.DefaultID)

	assert.GreaterOrEqual(t, strong.Level, 4, "an analytical essay with a judgement reaches Level 4 or 5")
	assert.LessOrEqual(t, narrative.Level, 2, "a narrative essay is capped at Level 2")
	assert.LessOrEqual(t, short.Level, 2, "a three-sentence answer cannot go above Level 2")
	assert.Greater(t, strong.Mark, narrative.Mark)
	assert.Greater(t, strong.Mark, short.Mark)

	byID := func(rep *rubric.Report, id string) rubric.CriterionResult {
		for _, c := range rep.Criteria {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no criterion %s", id)
		return rubric.CriterionResult{}
	}
	assert.Greater(t, byID(strong, "argument").Score, byID(narrative, "argument").Score)
}

func TestCapsHoldTheLevel(t *testing.T) {
	// The strong essay without its conclusion: as analytical, but it never
	// reaches a judgement.
	noConclusion := strongEssay[:strings.LastIndex(strongEssay, "\n\nIn conclusion")]
	rep := markText(t, noConclusion, stalinQuestion, rubric.DefaultID)
	assert.LessOrEqual(t, rep.Level, 3, "no judgement caps the level at 3 on AQA")
	var whens []string
	for _, c := range rep.Caps {
		whens = append(whens, c.When)
	}
	if rep.Score >= 0.6 {
		assert.Contains(t, whens, rubric.CapNoJudgement)
		assert.Contains(t, rep.Feedback.Summary, "Held at Level 3")
	}
	joined := strings.Join(rep.Feedback.EBI, " ")
	assert.Contains(t, joined, "conclusion", "a target asks for a concluding judgement: %q", rep.Feedback.EBI)
}

func TestMarkReportContract(t *testing.T) {
	for _, id := range []string{"aqa-a-level-essay-25", "pearson-edexcel-a-level-essay-20", "ocr-a-level-period-study-essay-20", "generic-percentage"} {
		for name, text := range map[string]string{"strong": strongEssay, "narrative": narrativeEssay, "short": shortEssay} {
			t.Run(id+"/"+name, func(t *testing.T) {
				r := getRubric(t, id)
				rep := markText(t, text, stalinQuestion, id)
				require.GreaterOrEqual(t, rep.Level, 1)
				require.LessOrEqual(t, rep.Level, r.MaxLevel())
				band := r.Levels[rep.Level-1].Band
				assert.GreaterOrEqual(t, rep.Mark, band.Min, "the mark lies in the level's band")
				assert.LessOrEqual(t, rep.Mark, band.Max)
				assert.GreaterOrEqual(t, rep.Confidence, 0.0)
				assert.LessOrEqual(t, rep.Confidence, 1.0)
				ids := map[string]bool{}
				for _, f := range rep.Findings {
					ids[f.ID] = true
				}
				require.Len(t, rep.Criteria, len(r.Criteria))
				for _, c := range rep.Criteria {
					assert.GreaterOrEqual(t, c.Score, 0.0, c.ID)
					assert.LessOrEqual(t, c.Score, 1.0, c.ID)
					assert.NotEmpty(t, c.Comment, c.ID)
					for _, f := range c.Findings {
						assert.True(t, ids[f], "criterion %s cites finding %s, which is in the report", c.ID, f)
					}
				}
				assert.NotEmpty(t, rep.Feedback.Summary)
				assert.NotEmpty(t, rep.Feedback.NextLevel)
				assert.Contains(t, rep.Feedback.Summary, fmt.Sprintf("%d/%d", rep.Mark, r.MaxMark))
			})
		}
	}
}

func TestMarkIsDeterministic(t *testing.T) {
	a, err := json.Marshal(markText(t, strongEssay, stalinQuestion, rubric.DefaultID))
	require.NoError(t, err)
	for range 3 {
		b, err := json.Marshal(markText(t, strongEssay, stalinQuestion, rubric.DefaultID))
		require.NoError(t, err)
		assert.JSONEq(t, string(a), string(b))
	}
}

// quoted returns the texts inside “…” in s, without a trailing ellipsis.
func quoted(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "“")
		if i < 0 {
			return out
		}
		s = s[i+len("“"):]
		j := strings.Index(s, "”")
		if j < 0 {
			return out
		}
		out = append(out, strings.TrimSuffix(s[:j], "…"))
		s = s[j:]
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestFeedbackCitesTheEssay(t *testing.T) {
	for name, text := range map[string]string{"strong": strongEssay, "narrative": narrativeEssay} {
		t.Run(name, func(t *testing.T) {
			rep := markText(t, text, stalinQuestion, rubric.DefaultID)
			fb := rep.Feedback
			assert.GreaterOrEqual(t, len(fb.WWW), 2, "WWW: %q", fb.WWW)
			assert.LessOrEqual(t, len(fb.WWW), 4)
			assert.GreaterOrEqual(t, len(fb.EBI), 2, "EBI: %q", fb.EBI)
			assert.LessOrEqual(t, len(fb.EBI), 4)
			essay := squash(text)
			for _, w := range fb.WWW {
				qs := quoted(w)
				require.NotEmpty(t, qs, "every strength quotes the essay: %q", w)
				for _, q := range qs {
					assert.Contains(t, essay, q, "quoted in %q", w)
				}
			}
		})
	}
	rep := markText(t, narrativeEssay, stalinQuestion, rubric.DefaultID)
	assert.Contains(t, strings.Join(rep.Feedback.EBI, " "), "conclusion", "an answer with no judgement is asked for one")
	assert.Contains(t, rep.Feedback.NextLevel, fmt.Sprintf("Level %d", rep.Level+1))
}

// fakeSpelling reports fixed misspellings, so grouping can be tested
// without the spelling analyzer.
type fakeSpelling struct{ words map[string]string }

func (fakeSpelling) Name() string { return "spelling" }

func (f fakeSpelling) Analyze(_ context.Context, doc *analysis.Document, _ analysis.Task) (analysis.Output, error) {
	var out analysis.Output
	for _, t := range doc.Tokens {
		if s, ok := f.words[t.Norm]; ok {
			out.Findings = append(out.Findings, analysis.Finding{Code: "spelling.misspelled", Severity: analysis.SeverityError,
				Span: t.Span, Message: "Check the spelling.", Suggestions: []string{s}})
		}
	}
	out.Metrics = map[string]float64{"spelling.errors": float64(len(out.Findings)),
		"spelling.errors_per_100_words": 100 * float64(len(out.Findings)) / float64(doc.Words)}
	return out, nil
}

func TestSpellingSlipsAreGrouped(t *testing.T) {
	text := strings.NewReplacer("important", "importent", "because", "becuase", "Trotsky", "trotsky").Replace(strongEssay)
	p, err := analysis.NewPipeline(fakeSpelling{words: map[string]string{"importent": "important", "becuase": "because", "trotsky": "Trotsky"}})
	require.NoError(t, err)
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	res, err := p.Run(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
	require.NoError(t, err)
	n := len(res.Findings)
	require.Greater(t, n, 5)
	rep := rubric.Mark(res, getRubric(t, rubric.DefaultID), rubric.Options{})
	var line string
	for _, e := range rep.Feedback.EBI {
		if strings.Contains(e, "spelling slips") {
			line = e
		}
	}
	require.NotEmpty(t, line, "EBI: %q", rep.Feedback.EBI)
	assert.Contains(t, line, fmt.Sprintf("Correct %d spelling slips, e.g. “becuase” → “because” and “importent” → “important”.", n))
	for _, e := range rep.Feedback.EBI {
		assert.NotContains(t, e, "Check the spelling", "slips are grouped, not listed one by one")
	}
}

func BenchmarkMark(b *testing.B) {
	res, err := engine(b).Analyze(context.Background(), standard.Request{Text: strongEssay, Question: stalinQuestion})
	require.NoError(b, err)
	r := getRubric(b, rubric.DefaultID)
	b.ReportAllocs()
	for b.Loop() {
		rubric.Mark(res, r, rubric.Options{})
	}
}

func BenchmarkAnalyzeAndMark(b *testing.B) {
	eng := engine(b)
	r := getRubric(b, rubric.DefaultID)
	b.ReportAllocs()
	for b.Loop() {
		res, err := eng.Analyze(context.Background(), standard.Request{Text: strongEssay, Question: stalinQuestion})
		if err != nil {
			b.Fatal(err)
		}
		rubric.Mark(res, r, rubric.Options{})
	}
}

// TestTargetsOrderedByMarks: a missing judgement (which caps the level)
// comes before a single spelling slip.
func TestTargetsOrderedByMarks(t *testing.T) {
	noConclusion := strongEssay[:strings.LastIndex(strongEssay, "\n\nIn conclusion")]
	text := strings.Replace(noConclusion, "arrogant", "arrogent", 1)
	p, err := analysis.NewPipeline(fakeSpelling{words: map[string]string{"arrogent": "arrogant"}})
	require.NoError(t, err)
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	res, err := p.Run(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
	require.NoError(t, err)
	rep := rubric.Mark(res, getRubric(t, rubric.DefaultID), rubric.Options{})
	conclusion, spelling := -1, -1
	for i, e := range rep.Feedback.EBI {
		if strings.Contains(e, "conclusion") && conclusion < 0 {
			conclusion = i
		}
		if strings.Contains(e, "spelling slip") {
			spelling = i
		}
	}
	require.GreaterOrEqual(t, conclusion, 0, "EBI: %q", rep.Feedback.EBI)
	if spelling >= 0 {
		assert.Less(t, conclusion, spelling, "EBI: %q", rep.Feedback.EBI)
		assert.Contains(t, rep.Feedback.EBI[spelling], "Correct 1 spelling slip, e.g. “arrogent” → “arrogant”.")
	}
}
