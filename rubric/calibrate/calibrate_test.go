package calibrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/calibrate"
)

func TestReadCSVReportsBadRowsByLine(t *testing.T) {
	in := strings.Join([]string{
		"id,set,prompt,min_mark,max_mark,mark,essay,rater2",
		`1,a,Write about X.,0,6,4,"A fine essay, with a comma.",3`,
		`2,a,Write about X.,0,6,7,Too high a mark.,3`,
		`3,a,Write about X.,0,6,2,"   ",3`,
		`4,a,Write about X.,0,6,two,Not a number.,3`,
		`5,a,Write about X.`,
		`6,a,Write about X.,6,0,3,Range upside down.,3`,
		`7,,Write about X.,0,6,3,No set.,3`,
		`1,a,Write about X.,0,6,3,Same id again.,3`,
		`8,b,"A prompt
over two lines",0,6,5,"An essay
over two lines.",3`,
		`9,b,Write about Y.,0,6,2.0,Whole number written as 2.0.,3`,
	}, "\n")
	d, err := calibrate.ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	var ids []string
	for _, r := range d.Rows {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"1", "8", "9"}, ids, "good rows are kept")
	assert.Equal(t, 2, d.Rows[0].Line)
	assert.Equal(t, 10, d.Rows[1].Line, "a row's line is where it starts")
	assert.Equal(t, 2, d.Rows[2].Mark)
	want := map[int]string{
		3: "mark 7 is outside the range 0 to 6",
		4: "the essay is empty",
		5: `mark "two" is not a whole number`,
		6: `column "essay" is missing (the row has 3 fields)`,
		7: "min_mark 6 is above max_mark 0",
		8: "set is empty",
		9: `id "1" in set "a" repeats line 2`,
	}
	require.Len(t, d.Problems, len(want))
	for _, p := range d.Problems {
		assert.Contains(t, p.Error(), want[p.Line], "line %d", p.Line)
	}
}

func TestReadCSVWholeFileErrors(t *testing.T) {
	tests := map[string]string{
		"ErrEmpty":         "",
		"ErrMissingColumn": "id,set,prompt,min_mark,max_mark,essay\n1,a,p,0,6,text\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := calibrate.ReadCSV(strings.NewReader(in))
			assert.ErrorIs(t, err, calibrate.ErrBadCSV)
		})
	}
	_, err := calibrate.ReadCSV(strings.NewReader("id,set,prompt,min_mark,max_mark,essay\n"))
	assert.ErrorContains(t, err, "lacks column(s) mark")
}

func TestQWK(t *testing.T) {
	tests := []struct {
		name   string
		a, b   []int
		lo, hi int
		want   float64
	}{
		{"Perfect", []int{0, 1, 2, 3}, []int{0, 1, 2, 3}, 0, 3, 1},
		{"Reversed", []int{0, 3}, []int{3, 0}, 0, 3, -1},
		// Worked by hand: weights (i-j)²/4; observed weighted disagreement
		// 1/4 (one essay off by one); expected from the marginals 3/4.
		{"OffByOne", []int{0, 1, 2}, []int{1, 1, 2}, 0, 2, 1 - (1.0/4)/(3.0/4)},
		{"ShiftedScale", []int{10, 11, 12}, []int{11, 11, 12}, 10, 12, 2.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, calibrate.QWK(tt.a, tt.b, tt.lo, tt.hi), 1e-9)
		})
	}
	assert.Equal(t, 0.0, calibrate.QWK(nil, nil, 0, 3), "no essays, no agreement")
}

func TestAgree(t *testing.T) {
	pairs := []calibrate.Pair{
		{Set: "1", MinMark: 0, MaxMark: 3, Human: 0, Clio: 0},
		{Set: "1", MinMark: 0, MaxMark: 3, Human: 3, Clio: 2},
		{Set: "2", MinMark: 1, MaxMark: 6, Human: 6, Clio: 3},
		{Set: "2", MinMark: 1, MaxMark: 6, Human: 1, Clio: 1},
	}
	a := calibrate.Agree(pairs)
	assert.Equal(t, 4, a.N)
	assert.Equal(t, 0.5, a.Exact)
	assert.Equal(t, 0.75, a.Adjacent)
	assert.Equal(t, 1.0, a.MAE)
	assert.InDelta(t, (a.Sets["1"].QWK+a.Sets["2"].QWK)/2, a.QWK, 1e-4, "QWK is averaged over sets")
	assert.Equal(t, 1, a.Sets["2"].Confusion[5][2], "people 6, Clio 3")
	assert.Equal(t, []string{"1", "2"}, a.SetIDs())
}

// synthetic makes n samples whose mark follows log_words closely, with a
// little noise that does not depend on it.
func synthetic(set string, n, lo, hi int) []calibrate.Sample {
	var out []calibrate.Sample
	for i := range n {
		x := float64(i%50) / 49
		noise := math.Sin(float64(i)*12.9898) * 0.08
		mark := lo + int(math.Round((x+noise)*float64(hi-lo)))
		mark = min(max(mark, lo), hi)
		f := map[string]float64{}
		for _, name := range rubric.FeatureNames {
			f[name] = math.Cos(float64(i * len(name))) // irrelevant
		}
		f[rubric.FeatLogWords] = 4 + 2*x
		out = append(out, calibrate.Sample{
			Row:      calibrate.Row{Line: i + 2, ID: fmt.Sprint(i), Set: set, MinMark: lo, MaxMark: hi, Mark: mark},
			Features: f, Words: []string{"word"},
		})
	}
	return out
}

func TestFitLearnsAndCrossValidates(t *testing.T) {
	samples := append(synthetic("a", 300, 0, 6), synthetic("b", 200, 2, 12)...)
	samples = append(samples, synthetic("tiny", 5, 0, 3)...)
	prof, cv, skipped, err := calibrate.Fit(samples, calibrate.FitOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"tiny"}, skipped, "a set with too few essays is skipped")
	require.Contains(t, prof.Sets, "a")
	m := prof.Sets["a"]
	assert.Equal(t, 300, m.N)
	assert.Greater(t, m.CVQWK, 0.9, "the mark follows one feature closely")
	assert.Greater(t, m.Weights[rubric.FeatLogWords], 0.0)
	for name, w := range m.Weights {
		if name != rubric.FeatLogWords {
			assert.Less(t, math.Abs(w), math.Abs(m.Weights[rubric.FeatLogWords]), "irrelevant feature %s weighs less", name)
		}
	}
	assert.InDelta(t, (cv.Sets["a"].QWK+cv.Sets["b"].QWK)/2, cv.QWK, 1e-4)

	// The profile survives a round trip through JSON and is deterministic.
	b1, err := json.Marshal(prof)
	require.NoError(t, err)
	prof2, _, _, err := calibrate.Fit(samples, calibrate.FitOptions{})
	require.NoError(t, err)
	b2, err := json.Marshal(prof2)
	require.NoError(t, err)
	assert.JSONEq(t, string(b1), string(b2))
	back, err := rubric.ParseProfile(b1)
	require.NoError(t, err)
	f := samples[10].Features
	assert.Equal(t, m.MarkOf(m.Predict(f)), back.Sets["a"].MarkOf(back.Sets["a"].Predict(f)))
	for _, s := range samples[:300] {
		mark := m.MarkOf(m.Predict(s.Features))
		assert.GreaterOrEqual(t, mark, 0)
		assert.LessOrEqual(t, mark, 6)
	}
}

func TestFitTooFew(t *testing.T) {
	_, _, _, err := calibrate.Fit(synthetic("a", 4, 0, 3), calibrate.FitOptions{})
	assert.ErrorIs(t, err, calibrate.ErrTooFew)
}

// lengthAnalyze is a stand-in for the standard engine: it only parses.
func lengthAnalyze(ctx context.Context, essay, prompt string) (*analysis.Result, error) {
	doc, err := analysis.Parse(ctx, essay)
	if err != nil {
		return nil, err
	}
	return &analysis.Result{Document: doc, Metrics: map[string]float64{}, Task: analysis.Task{Question: analysis.Question{Text: prompt}}}, nil
}

func TestMeasureAndEvaluate(t *testing.T) {
	var rows []calibrate.Row
	for i := range 60 {
		n := 5 + i%6*10
		essay := strings.Repeat("The harvest failed and prices rose sharply in the towns. ", n/10+1)
		if i%6 >= 3 {
			essay += "Therefore the government lost support, because people blamed it for hunger."
		}
		rows = append(rows, calibrate.Row{Line: i + 2, ID: fmt.Sprint(i), Set: "s", Prompt: "Why did the government fall?",
			MinMark: 0, MaxMark: 5, Mark: i % 6, Essay: essay})
	}
	rows = append(rows, calibrate.Row{Line: 99, ID: "bin", Set: "s", MinMark: 0, MaxMark: 5, Mark: 1, Essay: "\x00\x01 binary"})
	samples, problems, err := calibrate.Measure(context.Background(), rows, lengthAnalyze, calibrate.MeasureOptions{Workers: 2})
	require.NoError(t, err)
	assert.Len(t, samples, 60)
	require.Len(t, problems, 1, "the binary row is refused, by line")
	assert.Equal(t, 99, problems[0].Line)
	for i, s := range samples {
		assert.Equal(t, rows[i].ID, s.Row.ID, "samples keep the rows' order")
	}

	prof, _, _, err := calibrate.Fit(samples, calibrate.FitOptions{})
	require.NoError(t, err)
	ag, problems, err := calibrate.Evaluate(context.Background(), rows, lengthAnalyze, calibrate.EvalOptions{Profile: prof, Workers: 2})
	require.NoError(t, err)
	assert.Len(t, problems, 1)
	assert.Equal(t, 60, ag.N)
	assert.Greater(t, ag.QWK, 0.8, "marks that follow length are learned")

	_, _, err = calibrate.Evaluate(context.Background(), []calibrate.Row{{Set: "other", Essay: "x", MaxMark: 3}}, lengthAnalyze,
		calibrate.EvalOptions{Profile: prof})
	assert.ErrorIs(t, err, calibrate.ErrProfileSets)

	// Without a profile the rubric's mark is moved onto the CSV's scale.
	ag, _, err = calibrate.Evaluate(context.Background(), rows[:6], lengthAnalyze, calibrate.EvalOptions{})
	require.NoError(t, err)
	for _, s := range ag.Sets {
		assert.Len(t, s.Confusion, 6)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = calibrate.Measure(ctx, rows, lengthAnalyze, calibrate.MeasureOptions{})
	assert.True(t, errors.Is(err, context.Canceled))
}
