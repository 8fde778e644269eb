package marking_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/fixtures"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/internal/lint"
	"github.com/clio-history/clio/rubric/marking"
)

// gridEssay is one essay of the grid with the question it was written for.
type gridEssay struct {
	name, text, question, topic string
}

// gridEssays are the fixtures and twenty of the essays of the team's corpus
// (short, long, narrative, off-topic and source answers among them).
func gridEssays(t *testing.T) []gridEssay {
	t.Helper()
	dir, err := fixtures.Dir()
	require.NoError(t, err)
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	require.NoError(t, err)
	var out []gridEssay
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		var side struct {
			Question string `json:"question"`
			Topic    string `json:"topic"`
		}
		if j, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".json"); err == nil {
			_ = json.Unmarshal(j, &side) // a fixture without a question is marked without one
		}
		out = append(out, gridEssay{filepath.Base(p), string(b), side.Question, side.Topic})
	}
	es, err := fixtures.Essays()
	require.NoError(t, err)
	for i, e := range es {
		if i%4 == 0 && len(out) < 7+20 {
			out = append(out, gridEssay{e.Name, e.Text, e.Question, e.Topic})
		}
	}
	require.GreaterOrEqual(t, len(out), 27)
	return out
}

// gridQuestion is one question of the bank and its form.
type gridQuestion struct {
	q, command, form string
}

// gridQuestions are the question bank's questions, held-out ones included.
func gridQuestions(t *testing.T) []gridQuestion {
	t.Helper()
	root, err := fixtures.Root()
	require.NoError(t, err)
	var qs []gridQuestion
	for _, name := range []string{"bank.jsonl", "heldout.jsonl"} {
		f, err := os.Open(filepath.Join(root, "analysis", "question", "testdata", name))
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			var e struct {
				Q       string `json:"q"`
				Command string `json:"command"`
				Form    string `json:"form"`
			}
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &e))
			qs = append(qs, gridQuestion{e.Q, e.Command, e.Form})
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	require.GreaterOrEqual(t, len(qs), 400)
	return qs
}

// lintReport checks every text of a report a student reads.
func lintReport(rep *rubric.Report, essay string, qs ...string) []lint.Defect {
	items := []lint.Item{{Where: "summary", Text: rep.Feedback.Summary}, {Where: "next_level", Text: rep.Feedback.NextLevel}}
	for i, s := range rep.Feedback.WWW {
		items = append(items, lint.Item{Where: fmt.Sprintf("www[%d]", i), Text: s})
	}
	for i, s := range rep.Feedback.EBI {
		items = append(items, lint.Item{Where: fmt.Sprintf("ebi[%d]", i), Text: s})
	}
	ds := lint.Check(items, true, append([]string{essay}, qs...)...)
	for _, f := range rep.Findings {
		// A finding may quote what it suggests or the topic guide's event.
		sources := append(append([]string{essay}, qs...), f.Suggestions...)
		for _, v := range f.Data {
			sources = append(sources, v)
		}
		ds = append(ds, lint.Check([]lint.Item{{Where: "finding " + f.Code, Text: f.Message, Suggestions: visible(f.Suggestions),
			Mentions: strings.HasPrefix(f.Code, "spelling.")}}, false, sources...)...)
	}
	return ds
}

// TestFeedbackGrid marks every essay of the grid against every question of
// the bank and lints every text. Each essay is analysed in full with its own
// question and with a share of the bank's questions (one question of each
// command and form of the bank is analysed in full with one essay, so every
// form meets the analyzers); that analysis is then marked again under every other question
// of the bank, which exercises the feedback writer on every pair without
// analysing the essay hundreds of times.
func TestFeedbackGrid(t *testing.T) {
	if testing.Short() {
		t.Skip("the grid marks thousands of pairs")
	}
	svc, err := marking.New(standard.Options{})
	require.NoError(t, err)
	essays := gridEssays(t)
	qs := gridQuestions(t)
	parsed := make([]analysis.Question, len(qs))
	full := map[int]bool{} // the first question of each command and form
	seenForm := map[string]bool{}
	for i, q := range qs {
		parsed[i] = question.Parse(q.q)
		if k := q.command + "|" + q.form; !seenForm[k] {
			seenForm[k] = true
			full[i] = true
		}
	}
	fullAt := map[int]int{} // question → the essay it is analysed with
	n := 0
	for i := range qs {
		if full[i] {
			fullAt[i] = n % len(essays)
			n++
		}
	}
	ctx := context.Background()

	var mu sync.Mutex
	defects := map[string][]string{} // kind → examples
	total, pairs := 0, 0
	counts := map[string]int{}
	record := func(where string, ds []lint.Defect) {
		mu.Lock()
		defer mu.Unlock()
		pairs++
		for _, d := range ds {
			total++
			k := string(d.Kind)
			counts[k]++
			if len(defects[k]) < 6 {
				defects[k] = append(defects[k], where+": "+d.String())
			}
		}
	}

	work := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				e := essays[i]
				base, err := svc.Engine().Analyze(ctx, standard.Request{Text: e.text, Question: e.question, Topic: e.topic})
				if err != nil {
					t.Errorf("%s: %v", e.name, err)
					continue
				}
				r := rubric.Choose(svc.Rubrics(), base.Task.Question, 0)
				rep := rubric.Mark(base, r, rubric.Options{})
				record(e.name, lintReport(rep, e.text, e.question))
				for j, gq := range qs {
					q := gq.q
					if at, ok := fullAt[j]; ok && at == i {
						rep, err := svc.Mark(ctx, marking.Request{Text: e.text, Question: q})
						if err != nil {
							t.Errorf("%s × %q: %v", e.name, q, err)
							continue
						}
						record(e.name+" × "+q, lintReport(rep, e.text, q))
					}
					if raceDetector && j%8 != 0 {
						// Under -race the grid would take minutes; every
						// eighth reuse (and every full analysis above) keeps
						// the concurrency checked, and the plain run lints all.
						continue
					}
					res := *base
					res.Task.Question = parsed[j]
					rep := rubric.Mark(&res, rubric.Choose(svc.Rubrics(), parsed[j], 0), rubric.Options{})
					// The findings were written for the essay's own question.
					record(e.name+" ×(re-marked) "+q, lintReport(rep, e.text, q, e.question))
				}
			}
		}()
	}
	for i := range essays {
		work <- i
	}
	close(work)
	wg.Wait()

	t.Logf("%d essays × %d questions (%d forms analysed in full): %d reports linted, %d defects", len(essays), len(qs), len(fullAt), pairs, total)
	if total > 0 {
		kinds := make([]string, 0, len(defects))
		for k := range defects {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			t.Logf("%s: %d", k, counts[k])
			for _, ex := range defects[k] {
				t.Log(ex)
			}
		}
		t.Errorf("%d feedback defects in the grid", total)
	}
}

// visible drops the whitespace suggestions: they are replacement text for a
// client applying the fix (a double space's is one space), and the page names
// them in words (api/web's readableSuggestions, tested there by
// TestDoubleSpaceSaysOneSpace). Every other suggestion is linted.
func visible(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
