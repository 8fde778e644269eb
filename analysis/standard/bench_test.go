package standard

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jdkato/prose/v3"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/clio-history/clio/analysis"
)

var benchSizes = []string{"250", "1000", "4000"}

func benchText(b *testing.B, words string) string {
	raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "bench", "essay-"+words+".txt"))
	if err != nil {
		b.Skipf("no benchmark essay: %v", err)
	}
	return string(raw)
}

// BenchmarkFloor is the cost of prose v3 alone: tokenising and tagging the
// essay, with no sentence splitting, paragraphs or analyzers. Full analysis
// is compared with it.
func BenchmarkFloor(b *testing.B) {
	tagger, err := tag.New()
	if err != nil {
		b.Fatal(err)
	}
	tk := tokenize.New()
	for _, size := range benchSizes {
		b.Run(size+"words", func(b *testing.B) {
			text := benchText(b, size)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				toks := tk.Tokenize(text)
				tagger.TagTokens(toks)
			}
		})
	}
}

// BenchmarkProseDocument is prose's own pipeline (segment, tokenise, tag)
// without entities, for reference.
func BenchmarkProseDocument(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size+"words", func(b *testing.B) {
			text := benchText(b, size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := prose.NewDocument(text, prose.WithExtraction(false)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyze is parsing plus every registered analyzer.
func BenchmarkAnalyze(b *testing.B) {
	eng, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes {
		b.Run(size+"words", func(b *testing.B) {
			text := benchText(b, size)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			// The first essay with an unknown word builds the spelling
			// suggester; keep that one-off cost out of the figures.
			if _, err := eng.Analyze(context.Background(), Request{Text: text}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := eng.Analyze(context.Background(), Request{Text: text, Question: "Why did Stalin emerge as leader of Russia?"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyzer measures each analyzer alone on an already parsed
// 1,000-word essay.
func BenchmarkAnalyzer(b *testing.B) {
	eng, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	text := benchText(b, "1000")
	doc, err := analysis.Parse(context.Background(), text)
	if err != nil {
		b.Fatal(err)
	}
	task := eng.task(Request{Question: "Why did Stalin emerge as leader of Russia?"}, doc)
	if _, err := eng.pipeline.Run(context.Background(), doc, task); err != nil {
		b.Fatal(err)
	}
	for _, a := range eng.analyzers {
		b.Run(a.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Analyze(context.Background(), doc, task); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
