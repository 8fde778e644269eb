package dates

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/analysis/question"
)

// repoRoot walks up from the package directory to the directory with go.mod.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
}

type essayMeta struct {
	Question string `json:"question"`
	Topic    string `json:"topic"`
}

func loadEssay(t testing.TB, txt string) (*analysis.Document, analysis.Task) {
	body, err := os.ReadFile(txt)
	require.NoError(t, err)
	var meta essayMeta
	if raw, err := os.ReadFile(strings.TrimSuffix(txt, ".txt") + ".json"); err == nil {
		require.NoError(t, json.Unmarshal(raw, &meta))
	}
	doc, err := analysis.Parse(context.Background(), string(body))
	require.NoError(t, err)
	q := question.Parse(meta.Question)
	q.Topic = meta.Topic
	return doc, analysis.Task{Question: q, Topic: meta.Topic}
}

// TestEssaysWithoutPlantedDateErrors runs the analyzer over whole essays
// whose dates are right and checks that it accuses none of them, while still
// finding and confirming dates.
func TestEssaysWithoutPlantedDateErrors(t *testing.T) {
	root := repoRoot(t)
	// Only the essay that drifts into the 1930s and the war should be told
	// its material is outside the question's period.
	files := map[string]bool{
		filepath.Join(root, "fixtures", "stalin-strong.txt"):             false,
		filepath.Join(root, "fixtures", "stalin-middling.txt"):           false,
		filepath.Join(root, "fixtures", "stalin-offtopic.txt"):           true,
		filepath.Join(root, "..", "shared", "essays", "stalin-rise.txt"): false,
	}
	lib, err := history.Default()
	require.NoError(t, err)
	a := New(lib)
	for f, drifts := range files {
		if _, err := os.Stat(f); err != nil {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, task := loadEssay(t, f)
			if _, ok := lib.Pack(task.Topic); !ok {
				task.Topic = ""
			}
			out, err := a.Analyze(context.Background(), doc, task)
			require.NoError(t, err)
			consistent, outside := 0, 0
			for _, d := range out.Dates {
				if d.Verdict == VerdictConsistent {
					consistent++
				}
			}
			for _, fnd := range out.Findings {
				t.Logf("%s %q: %s", fnd.Code, doc.Slice(fnd.Span), fnd.Message)
				assert.NotEqual(t, CodeConflict, fnd.Code)
				assert.NotEqual(t, CodeImpossible, fnd.Code)
				if fnd.Code == CodeOutOfPeriod {
					outside++
				}
			}
			assert.Equal(t, drifts, outside > 0, "out-of-period findings: %d", outside)
			t.Logf("%d dates, %d consistent, metrics %v", len(out.Dates), consistent, out.Metrics)
			assert.NotEmpty(t, out.Dates)
		})
	}
}
