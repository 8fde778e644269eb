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

	"github.com/clio-history/clio/fixtures"
)

// repoRoot walks up from the package directory to the directory with go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := fixtures.Root()
	if err != nil {
		t.Skip(err.Error())
	}
	return dir
}

type essayMeta struct {
	Question string `json:"question"`
	Topic    string `json:"topic"`
	Expect   struct {
		OffTopic []int `json:"off_topic_paragraphs"`
	} `json:"expect"`
	Planted struct {
		DateErrors []struct {
			Text  string `json:"text"`
			Event string `json:"event"`
		} `json:"date_errors"`
	} `json:"planted"`
}

func loadEssay(t testing.TB, txt string) (*analysis.Document, analysis.Task) {
	doc, task, _ := loadEssayMeta(t, txt)
	return doc, task
}

func loadEssayMeta(t testing.TB, txt string) (*analysis.Document, analysis.Task, essayMeta) {
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
	return doc, analysis.Task{Question: q, Topic: meta.Topic}, meta
}

// TestFixtureEssays runs the analyzer over the whole fixture essays: every
// dates.conflict must be one of the date errors planted in the essay (a
// wrong accusation fails the test), none may be impossible, and only essays
// that stray from the question's period are told so.
func TestFixtureEssays(t *testing.T) {
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "fixtures", "*.txt"))
	require.NoError(t, err)
	if shared := filepath.Join(root, "..", "shared", "essays", "stalin-rise.txt"); fileExists(shared) {
		files = append(files, shared)
	}
	lib, err := history.Default()
	require.NoError(t, err)
	a := New(lib)
	planted, found := 0, 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, task, meta := loadEssayMeta(t, f)
			if _, ok := lib.Pack(task.Topic); !ok {
				task.Topic = ""
			}
			out, err := a.Analyze(context.Background(), doc, task)
			require.NoError(t, err)
			outside := 0
			for _, fnd := range out.Findings {
				text := doc.Slice(fnd.Span)
				t.Logf("%s %q: %s", fnd.Code, text, fnd.Message)
				assert.NotEqual(t, CodeImpossible, fnd.Code)
				assert.NotEqual(t, CodeAnachronism, fnd.Code)
				switch fnd.Code {
				case CodeConflict:
					ok := false
					for _, p := range meta.Planted.DateErrors {
						ok = ok || strings.Contains(p.Text, text)
					}
					assert.True(t, ok, "wrong accusation: %q", text)
					if ok {
						found++
					}
				case CodeOutOfPeriod:
					outside++
				}
			}
			planted += len(meta.Planted.DateErrors)
			if len(meta.Expect.OffTopic) == 0 {
				assert.Zero(t, outside, "an essay that keeps to its period")
			}
			if filepath.Base(f) == "stalin-offtopic.txt" {
				assert.Positive(t, outside, "the essay drifts into the 1930s and the war")
			}
		})
	}
	t.Logf("planted date errors found: %d of %d", found, planted)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
