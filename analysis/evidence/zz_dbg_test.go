package evidence

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

func TestZZShow(t *testing.T) {
	lib, _ := history.Default()
	for _, fx := range fixtures(t) {
		if os.Getenv("FX") != "" && os.Getenv("FX") != fx.name {
			continue
		}
		doc := parse(t, fx.text)
		task := analysis.Task{Question: analysis.Question{Text: fx.meta.Question}, Topic: fx.meta.Topic}
		out, _ := New(lib).Analyze(context.Background(), doc, task)
		fmt.Println("=====", fx.name)
		for _, f := range out.Findings {
			fmt.Printf("¶%d %s %s %q %v\n    %s\n", doc.ParagraphAt(f.Start), f.Code, f.Severity, doc.Slice(f.Span), f.Data, f.Message)
		}
		fmt.Println(out.Metrics)
	}
}
