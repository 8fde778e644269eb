package dates

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

// TestASAPEssays runs the analyzer, with topic detection, over essays by
// school students that are not about history (../shared/benchmarks/asap):
// real, messy writing full of numbers. Nothing may fail, and no date may be
// called wrong, since no pack applies.
func TestASAPEssays(t *testing.T) {
	path := filepath.Join(repoRoot(t), "..", "shared", "benchmarks", "asap", "train.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skip("ASAP benchmark not present")
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	a := newAnalyzer(t)
	limit := 500
	if testing.Short() {
		limit = 200
	}
	var essays, dates, accusations int
	codes := map[string]int{}
	for row := 0; essays < limit; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if row%20 != 0 {
			continue // one essay in twenty, from every set
		}
		doc, err := analysis.Parse(context.Background(), rec[col["essay"]])
		if err != nil {
			continue
		}
		essays++
		out, err := a.Analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: rec[col["prompt"]]}})
		require.NoError(t, err)
		checkSpans(t, doc, Extract(doc, "en-US"))
		dates += len(out.Dates)
		for _, d := range out.Dates {
			t.Logf("date %q = %q in %q", doc.Slice(d.Span), d.Value, around(doc.Text, d.Span))
		}
		for _, fnd := range out.Findings {
			codes[fnd.Code]++
			if fnd.Code == CodeConflict || fnd.Code == CodeAnachronism {
				accusations++
				t.Logf("essay %s: %s %q: %s", rec[col["id"]], fnd.Code, doc.Slice(fnd.Span), fnd.Message)
			}
		}
	}
	t.Logf("%d essays, %d dates, findings %v", essays, dates, codes)
	assert.Zero(t, accusations)
}

func around(text string, s analysis.Span) string {
	lo, hi := max(0, s.Start-40), min(len(text), s.End+40)
	for lo > 0 && !utf8RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8RuneStart(text[hi]) {
		hi++
	}
	return text[lo:hi]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
