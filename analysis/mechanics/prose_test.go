package mechanics_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/fixtures"
)

// packProse collects the topic packs' own prose: the notes, glosses,
// historians' views and pack notes, each a paragraph. It is correct history
// prose written by the team, full of the names and terms the checks must
// leave alone.
func packProse(t *testing.T) string {
	t.Helper()
	root, err := fixtures.Root()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "analysis", "history", "packs", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no packs found: %v", err)
	}
	var paras []string
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch x := v.(type) {
		case map[string]any:
			for k, v := range x {
				walk(v, k)
			}
		case []any:
			for _, v := range x {
				walk(v, key)
			}
		case string:
			switch key {
			case "note", "gloss", "view", "notes":
				if len(strings.Fields(x)) >= 6 {
					paras = append(paras, x)
				}
			}
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(v, "")
	}
	return strings.Join(paras, "\n\n")
}

// TestPackProseFalseFlags runs the spelling and mechanics checks over the
// packs' prose, which has no mistakes: every error or warning is a false
// flag. The issue allows at most 1.5 per 1,000 words.
func TestPackProseFalseFlags(t *testing.T) {
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	text := packProse(t)
	res, err := eng.Analyze(context.Background(), standard.Request{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	flags := clioFlags(res)
	for _, f := range flags {
		lo, hi := max(0, f.Start-30), min(len(text), f.End+30)
		t.Logf("false flag %s %q in …%s… %v", f.Rule, text[f.Start:f.End], text[lo:hi], f.Suggestions)
	}
	per1000 := 1000 * float64(len(flags)) / float64(res.Document.Words)
	t.Logf("%d flags in %d words of the packs' prose: %.2f per 1,000", len(flags), res.Document.Words, per1000)
	if per1000 > 1.5 {
		t.Errorf("%.2f false flags per 1,000 words of correct history prose; the limit is 1.5", per1000)
	}
}

// engine is the standard engine, built once for the package's tests: it
// loads every analyzer's data, which takes seconds under the race detector.
var engine = sync.OnceValues(func() (*standard.Engine, error) { return standard.New(standard.Options{}) })
