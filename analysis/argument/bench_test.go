package argument

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/question"
)

// BenchmarkArgument1000Words measures the analyzer alone (the document is
// parsed once, outside the loop) on the fixtures' 1,000-word essay.
func BenchmarkArgument1000Words(b *testing.B) {
	dir := fixturesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "bench", "essay-1000.txt"))
	if err != nil {
		b.Skip("fixtures/bench/essay-1000.txt is absent")
	}
	doc, err := analysis.Parse(context.Background(), string(raw))
	require.NoError(b, err)
	task := analysis.Task{Question: question.Parse(qStalin)}
	a := New()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, task); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkArgument4000Words is the same on the 4,000-word essay, to show
// the cost grows with the text, not its square.
func BenchmarkArgument4000Words(b *testing.B) {
	dir := fixturesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "bench", "essay-4000.txt"))
	if err != nil {
		b.Skip("fixtures/bench/essay-4000.txt is absent")
	}
	doc, err := analysis.Parse(context.Background(), string(raw))
	require.NoError(b, err)
	task := analysis.Task{Question: question.Parse(qStalin)}
	a := New()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, task); err != nil {
			b.Fatal(err)
		}
	}
}
