package dates

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

func TestDebugAnalyze(t *testing.T) {
	text := os.Getenv("DATES_TEXT")
	if text == "" {
		t.Skip()
	}
	lib, err := history.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := New(lib)
	doc := parse(t, text)
	out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: os.Getenv("DATES_TOPIC"), Question: analysis.Question{Period: &analysis.Period{From: 1924, To: 1929}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range out.Dates {
		fmt.Printf("DATE %q %s %s..%s %s [%s]\n", doc.Slice(d.Span), d.Value, d.From, d.To, d.Verdict, d.Event)
	}
	for _, f := range out.Findings {
		fmt.Printf("FIND %s %s %q: %s %v\n", f.Code, f.Severity, doc.Slice(f.Span), f.Message, f.Data)
	}
	fmt.Println(out.Metrics)
}
