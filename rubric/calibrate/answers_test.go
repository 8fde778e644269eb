package calibrate_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/fixtures"
	"github.com/clio-history/clio/rubric/calibrate"
)

func TestReadAnswers(t *testing.T) {
	cases := []struct {
		name     string
		in       string
		n        int
		problems []string // substrings of each problem, in order
		err      string
		check    func(t *testing.T, as []calibrate.Answer)
	}{
		{
			name: "jsonl with every field",
			in: `{"id": "a1", "question_type": "judgement", "question": "'X was the main reason.' How far do you agree?", "max_mark": 16, "mark": 12, "level": 4, "text": "An answer."}
{"id": "a2", "question_type": "account", "max_mark": 8, "mark": 3, "level": null, "text": "Another."}
`,
			n: 2,
			check: func(t *testing.T, as []calibrate.Answer) {
				assert.Equal(t, calibrate.Answer{Line: 1, ID: "a1", Type: "judgement", Question: "'X was the main reason.' How far do you agree?",
					MaxMark: 16, Mark: 12, Level: 4, Text: "An answer."}, as[0])
				assert.Equal(t, 0, as[1].Level)
				assert.Equal(t, 2, as[1].Line)
			},
		},
		{
			name: "jsonl bad lines are problems, the rest kept",
			in: `{"text": "ok", "mark": 3, "max_mark": 4}
not json
{"text": "x", "mark": 9, "max_mark": 4}
{"text": "  ", "mark": 1, "max_mark": 4}
{"text": "x", "mark": "2.5", "max_mark": 4}
{"text": "x", "max_mark": 4}
{"text": "x", "mark": 2, "max_mark": 4, "level": 40}
`,
			n:        1,
			problems: []string{"line 2: not a JSON object", "line 3: mark 9 is outside", "line 4: the answer text is empty", "line 5: mark \"2.5\" is not a whole number", "line 6: mark is missing", "line 7: level 40"},
		},
		{
			name: "csv with alternative column names and a quoted multi-line answer",
			in:   "answer,score,out_of,prompt,type\n\"First line.\nSecond line.\",5,8,Write an account of X.,account\nshort,2,8,,account\n",
			n:    2,
			check: func(t *testing.T, as []calibrate.Answer) {
				assert.Equal(t, "First line.\nSecond line.", as[0].Text)
				assert.Equal(t, 5, as[0].Mark)
				assert.Equal(t, 8, as[0].MaxMark)
				assert.Equal(t, "account", as[0].Type)
				assert.Equal(t, 4, as[1].Line)
			},
		},
		{name: "csv without the mark", in: "text,max_mark\nx,4\n", err: "lacks column(s) mark"},
		{name: "empty", in: "  \n", err: "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			as, ps, err := calibrate.ReadAnswers(strings.NewReader(tc.in))
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Len(t, as, tc.n)
			require.Len(t, ps, len(tc.problems))
			for i, want := range tc.problems {
				assert.Contains(t, ps[i].Error(), want)
			}
			if tc.check != nil {
				tc.check(t, as)
			}
		})
	}
}

func TestSpearman(t *testing.T) {
	cases := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3, 4}, []float64{1, 1, 1, 1}, 0},
		{[]float64{1, 2, 3, 100}, []float64{1, 2, 3, 4}, 1}, // ranks, not values
		{[]float64{1, 1, 2, 3}, []float64{1, 2, 3, 4}, 0.9487},
	}
	for _, tc := range cases {
		assert.InDelta(t, tc.want, calibrate.Spearman(tc.x, tc.y), 1e-4, "%v %v", tc.x, tc.y)
	}
}

// TestAgreeAnswers checks the figures on a small table worked by hand.
func TestAgreeAnswers(t *testing.T) {
	ms := []calibrate.MarkedAnswer{
		// judgement/16: Clio one level generous on two of four, exact on two.
		{Group: "judgement/16", MaxMark: 16, Words: 200, HumanMark: 4, ClioMark: 6, HumanLevel: 1, ClioLevel: 2},
		{Group: "judgement/16", MaxMark: 16, Words: 300, HumanMark: 8, ClioMark: 8, HumanLevel: 2, ClioLevel: 2},
		{Group: "judgement/16", MaxMark: 16, Words: 500, HumanMark: 12, ClioMark: 14, HumanLevel: 3, ClioLevel: 4},
		{Group: "judgement/16", MaxMark: 16, Words: 400, HumanMark: 16, ClioMark: 16, HumanLevel: 4, ClioLevel: 4},
		// account/8: no levels from the marker.
		{Group: "account/8", MaxMark: 8, Words: 100, HumanMark: 2, ClioMark: 5},
		{Group: "account/8", MaxMark: 8, Words: 150, HumanMark: 6, ClioMark: 3},
	}
	ag := calibrate.AgreeAnswers(ms)
	j := ag.Groups["judgement/16"]
	require.NotNil(t, j)
	assert.Equal(t, 4, j.N)
	assert.InDelta(t, 1, j.Spearman, 1e-9)
	assert.InDelta(t, 0.8, j.SpearmanWords, 1e-9) // word ranks 1,2,4,3
	assert.Equal(t, 4, j.LevelN)
	assert.InDelta(t, 0.5, j.LevelExact, 1e-9)
	assert.InDelta(t, 1, j.LevelAdjacent, 1e-9)
	assert.InDelta(t, 0.5, j.LevelBias, 1e-9)
	assert.InDelta(t, 1, j.MAE, 1e-9)
	assert.Greater(t, j.QWK, 0.8)

	a := ag.Groups["account/8"]
	assert.Equal(t, 0, a.LevelN)
	assert.InDelta(t, -1, a.Spearman, 1e-9)
	assert.Equal(t, 6, ag.All.N)
	assert.Equal(t, []string{"account/8", "judgement/16"}, ag.GroupIDs())
}

// TestHistoryMarked marks the examiner-commented AQA GCSE answers and prints
// the agreement per question type beside word count. The figures are
// recorded in the README; the assertions hold only what the README claims
// as targets met.
func TestHistoryMarked(t *testing.T) {
	f, err := os.Open(fixtures.NeedShared(t, "benchmarks", "history-marked", "aqa-gcse-examples.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	as, ps, err := calibrate.ReadAnswers(f)
	require.NoError(t, err)
	require.Empty(t, ps)
	require.Len(t, as, 40)
	ag, ps, err := calibrate.EvaluateAnswers(context.Background(), as, standardAnalyze(t), calibrate.AnswerOptions{Workers: 2})
	require.NoError(t, err)
	require.Empty(t, ps)
	var b strings.Builder
	b.WriteString("\n| type/max | n | Spearman | word count | QWK | levels | exact | adjacent | bias |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, id := range ag.GroupIDs() {
		g := ag.Groups[id]
		fmt.Fprintf(&b, "| %s | %d | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %+.2f |\n", id, g.N, g.Spearman, g.SpearmanWords, g.QWK, g.LevelN, g.LevelExact, g.LevelAdjacent, g.LevelBias)
	}
	t.Log(b.String())
	for _, m := range ag.Answers {
		t.Logf("%-22s %-14s %4d words  human %2d (L%d)  clio %2d (L%d) %v", m.ID, m.Rubric, m.Words, m.HumanMark, m.HumanLevel, m.ClioMark, m.ClioLevel, m.Caps)
	}
	assert.Equal(t, 40, ag.All.N)
}
