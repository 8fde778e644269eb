package dates

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clio-history/clio/analysis"
)

// essay1000 is about 1,000 words of the Stalin fixture essay (repeated if
// it is shorter).
func essay1000(b *testing.B) *analysis.Document {
	body, err := os.ReadFile(filepath.Join(repoRoot(b), "fixtures", "stalin-strong.txt"))
	if err != nil {
		b.Skip("fixture essay not found")
	}
	text := string(body)
	for len(strings.Fields(text)) < 1000 {
		text += "\n\n" + string(body)
	}
	words := strings.Fields(text)
	text = strings.Join(words[:1000], " ")
	doc, err := analysis.Parse(context.Background(), text)
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

func BenchmarkExtract1000Words(b *testing.B) {
	doc := essay1000(b)
	b.ReportAllocs()
	for b.Loop() {
		Extract(doc, "en-GB")
	}
}

func BenchmarkAnalyze1000Words(b *testing.B) {
	doc := essay1000(b)
	a := newAnalyzer(b)
	task := analysis.Task{Topic: russia, Question: analysis.Question{Period: &analysis.Period{From: 1924, To: 1929}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, task); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	newAnalyzer(b) // loads the packs once
	b.ReportAllocs()
	for b.Loop() {
		newAnalyzer(b)
	}
}
