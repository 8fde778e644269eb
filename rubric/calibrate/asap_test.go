package calibrate_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric/calibrate"

	"github.com/clio-history/clio/fixtures"
)

func standardAnalyze(t testing.TB) calibrate.AnalyzeFunc {
	eng, err := standard.New(standard.Options{})
	require.NoError(t, err)
	return func(ctx context.Context, essay, prompt string) (*analysis.Result, error) {
		return eng.Analyze(ctx, standard.Request{Text: essay, Question: prompt})
	}
}

// TestASAP fits and cross-validates on the ASAP training essays and reports
// the per-set QWK. It analyses 10,380 essays, so it runs only when
// CLIO_ASAP=1 and the data is present.
func TestASAP(t *testing.T) {
	if testing.Short() || os.Getenv("CLIO_ASAP") == "" {
		t.Skip("set CLIO_ASAP=1 to run the ASAP benchmark (several minutes)")
	}
	f, err := os.Open(fixtures.NeedShared(t, "benchmarks", "asap", "train.csv"))
	require.NoError(t, err)
	defer f.Close()
	data, err := calibrate.ReadCSV(f)
	require.NoError(t, err)
	assert.Empty(t, data.Problems)
	began := time.Now()
	samples, problems, err := calibrate.Measure(context.Background(), data.Rows, standardAnalyze(t), calibrate.MeasureOptions{Workers: 2})
	require.NoError(t, err)
	t.Logf("measured %d essays in %v (%d refused)", len(samples), time.Since(began), len(problems))
	began = time.Now()
	prof, cv, _, err := calibrate.Fit(samples, calibrate.FitOptions{})
	require.NoError(t, err)
	t.Logf("fitted in %v", time.Since(began))
	var table strings.Builder
	table.WriteString("\n| set | essays | marks | QWK | exact | adjacent | MAE | ridge penalty |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, set := range cv.SetIDs() {
		s := cv.Sets[set]
		fmt.Fprintf(&table, "| %s | %d | %d–%d | %.3f | %.3f | %.3f | %.2f | %g |\n", set, s.N, s.MinMark, s.MaxMark, s.QWK, s.Exact, s.Adjacent, s.MAE, prof.Sets[set].Lambda)
	}
	fmt.Fprintf(&table, "| **mean** | %d | | **%.3f** | %.3f | %.3f | %.2f | |\n", cv.N, cv.QWK, cv.Exact, cv.Adjacent, cv.MAE)
	t.Log(table.String())
	assert.GreaterOrEqual(t, cv.QWK, 0.76, "mean cross-validated QWK over the ASAP sets (two human raters agree at 0.754)")
}

// TestASAPSample fits on 120 essays from each of two ASAP sets, enough to
// show the whole path (standard engine, features, ridge, cross-validation)
// learns real human marks, in a time CI can afford.
func TestASAPSample(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 240 essays")
	}
	f, err := os.Open(fixtures.NeedShared(t, "benchmarks", "asap", "train.csv"))
	require.NoError(t, err)
	defer f.Close()
	data, err := calibrate.ReadCSV(f)
	require.NoError(t, err)
	count := map[string]int{}
	var rows []calibrate.Row
	for _, r := range data.Rows {
		if (r.Set == "1" || r.Set == "5") && count[r.Set] < 120 {
			count[r.Set]++
			rows = append(rows, r)
		}
	}
	require.Len(t, rows, 240)
	samples, _, err := calibrate.Measure(context.Background(), rows, standardAnalyze(t), calibrate.MeasureOptions{Workers: 2})
	require.NoError(t, err)
	prof, cv, _, err := calibrate.Fit(samples, calibrate.FitOptions{})
	require.NoError(t, err)
	for _, set := range cv.SetIDs() {
		t.Logf("set %s: n=%d cross-validated QWK=%.3f", set, cv.Sets[set].N, cv.Sets[set].QWK)
		assert.Equal(t, cv.Sets[set].QWK, prof.Sets[set].CVQWK, "the profile records the cross-validated QWK")
	}
	assert.Greater(t, cv.QWK, 0.6, "120 marked essays a set are enough to learn from")
	assert.NotEmpty(t, prof.Sets["5"].KeyTerms, "key terms of good answers are learned")
}
