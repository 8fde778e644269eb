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

// BenchmarkArgument measures the analyzer alone (each document is parsed
// once, outside the loop) on the fixtures' 1,000- and 4,000-word essays, to
// show the cost grows with the text, not its square.
func BenchmarkArgument(b *testing.B) {
	dir := fixturesDir(b)
	task := analysis.Task{Question: question.Parse(qStalin)}
	a := New()
	for _, words := range []string{"1000", "4000"} {
		b.Run(words+"Words", func(b *testing.B) {
			raw, err := os.ReadFile(filepath.Join(dir, "bench", "essay-"+words+".txt"))
			if err != nil {
				b.Skipf("fixtures/bench/essay-%s.txt is absent", words)
			}
			doc, err := analysis.Parse(context.Background(), string(raw))
			require.NoError(b, err)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Analyze(context.Background(), doc, task); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
