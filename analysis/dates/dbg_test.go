package dates

import (
	"fmt"
	"os"
	"testing"

	"github.com/clio-history/clio/analysis"
)

func TestDbg(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	a := newAnalyzer(t)
	doc, out := analyze(t, a, os.Getenv("DBG"), analysis.Task{Topic: os.Getenv("TOPIC")})
	for _, d := range out.Dates {
		fmt.Printf("DATE %q %s %s [%s]\n", doc.Slice(d.Span), d.Value, d.Verdict, d.Event)
	}
	for _, f := range out.Findings {
		fmt.Printf("FIND %s %q %s\n", f.Code, doc.Slice(f.Span), f.Message)
	}
}
