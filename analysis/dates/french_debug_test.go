package dates

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/clio-history/clio/analysis/history"
)

func TestDebugEssay(t *testing.T) {
	name := os.Getenv("DATES_ESSAY")
	if name == "" {
		t.Skip()
	}
	lib, _ := history.Default()
	a := New(lib)
	doc, task := loadEssay(t, filepath.Join(repoRoot(t), "fixtures", name))
	out, err := a.Analyze(context.Background(), doc, task)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range out.Dates {
		fmt.Printf("DATE %q %s %s [%s]\n", doc.Slice(d.Span), d.Value, d.Verdict, d.Event)
	}
	for _, f := range out.Findings {
		fmt.Printf("FIND %s %q: %s\n", f.Code, doc.Slice(f.Span), f.Message)
	}
}
