package question

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clio-history/clio/analysis"
	"github.com/stretchr/testify/require"
)

// bankEntry is one question of the bank with the parse we expect. The
// questions are written in our own words in the forms the boards use; "for"
// and "topic" say what each was written to imitate (they are not checked).
type bankEntry struct {
	ID    string `json:"id"`
	For   string `json:"for"`
	Topic string `json:"topic"`
	Q     string `json:"q"`

	Command       string   `json:"command"`
	Claim         string   `json:"claim"`
	Factor        string   `json:"factor"`
	Focus         string   `json:"focus"`
	Items         []string `json:"items"`
	Stimulus      []string `json:"stimulus"`
	Period        []any    `json:"period"` // [from, to]; to may be "present"; from 0 = open start
	Terms         []string `json:"terms"`  // key terms that must be found (case-insensitive)
	NotTerms      []string `json:"not_terms"`
	Task          string   `json:"task"`
	Qualification string   `json:"qualification"`
	Form          string   `json:"form"`
	Materials     []string `json:"materials"`
	MaterialCount *int     `json:"material_count"` // absent: as many as Materials
	Marks         int      `json:"marks"`
}

// bankPresent is the year "the present day" stands for in the bank.
const bankPresent = 2025

func loadBank(t *testing.T, name string) []bankEntry {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	var out []bankEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	ids := map[string]bool{}
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var e bankEntry
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&e), "%s:%d", name, line)
		require.NotEmpty(t, e.ID, "%s:%d has no id", name, line)
		require.False(t, ids[e.ID], "%s:%d repeats id %s", name, line, e.ID)
		ids[e.ID] = true
		out = append(out, e)
	}
	require.NoError(t, sc.Err())
	return out
}

// diffs compares a parse with the entry's expectations and lists every
// field that differs, one line each.
func (e bankEntry) diffs(got analysis.Question) []string {
	var d []string
	str := func(field, want, have string) {
		if analysis.Normalize(want) != have {
			d = append(d, fmt.Sprintf("%-14s want %q\n%-14s got  %q", field, want, "", have))
		}
	}
	list := func(field string, want, have []string) {
		w := make([]string, len(want))
		for i := range want {
			w[i] = analysis.Normalize(want[i])
		}
		if !slices.Equal(w, have) && !(len(w) == 0 && len(have) == 0) {
			d = append(d, fmt.Sprintf("%-14s want %q\n%-14s got  %q", field, w, "", have))
		}
	}
	str("command", e.Command, got.Command)
	str("claim", e.Claim, got.Claim)
	str("factor", e.Factor, got.Factor)
	str("focus", e.Focus, got.Focus)
	list("items", e.Items, got.Items)
	list("stimulus", e.Stimulus, got.Stimulus)
	str("task_type", e.Task, got.TaskType)
	str("qualification", e.Qualification, got.Qualification)
	str("form", e.Form, got.Form)
	list("materials", e.Materials, got.Materials)
	wantCount := len(e.Materials)
	if e.MaterialCount != nil {
		wantCount = *e.MaterialCount
	}
	if got.MaterialCount != wantCount {
		d = append(d, fmt.Sprintf("%-14s want %d got %d", "material_count", wantCount, got.MaterialCount))
	}
	if got.Marks != e.Marks {
		d = append(d, fmt.Sprintf("%-14s want %d got %d", "marks", e.Marks, got.Marks))
	}
	var want *analysis.Period
	if len(e.Period) == 2 {
		want = &analysis.Period{From: int(e.Period[0].(float64))}
		switch v := e.Period[1].(type) {
		case float64:
			want.To = int(v)
		case string:
			want.To = bankPresent
		}
	}
	switch {
	case want == nil && got.Period != nil:
		d = append(d, fmt.Sprintf("%-14s want none got %d-%d", "period", got.Period.From, got.Period.To))
	case want != nil && got.Period == nil:
		d = append(d, fmt.Sprintf("%-14s want %d-%d got none", "period", want.From, want.To))
	case want != nil && *want != *got.Period:
		d = append(d, fmt.Sprintf("%-14s want %d-%d got %d-%d", "period", want.From, want.To, got.Period.From, got.Period.To))
	}
	for _, term := range e.Terms {
		if !slices.ContainsFunc(got.KeyTerms, func(k string) bool { return strings.EqualFold(k, analysis.Normalize(term)) }) {
			d = append(d, fmt.Sprintf("%-14s missing %q in %q", "key_terms", term, got.KeyTerms))
		}
	}
	for _, term := range e.NotTerms {
		if slices.ContainsFunc(got.KeyTerms, func(k string) bool { return strings.EqualFold(k, term) }) {
			d = append(d, fmt.Sprintf("%-14s unwanted %q in %q", "key_terms", term, got.KeyTerms))
		}
	}
	return d
}

// termProblems lists key terms that should never be key terms, whatever
// the question: framing words, labels, numbers.
func termProblems(got analysis.Question) []string {
	var d []string
	for _, k := range got.KeyTerms {
		lk := strings.ToLower(k)
		switch {
		case k == "" || strings.TrimSpace(k) != k:
			d = append(d, fmt.Sprintf("key term %q is blank or padded", k))
		case slices.ContainsFunc(strings.Fields(k), func(w string) bool { return strings.Trim(w, "0123456789-") == "" }):
			d = append(d, fmt.Sprintf("key term %q has a number", k))
		case !strings.Contains(k, " ") && (commandWords[lk] || stopwords[lk]):
			d = append(d, fmt.Sprintf("key term %q frames the question", k))
		case labelRe.MatchString(k):
			d = append(d, fmt.Sprintf("key term %q is a source label", k))
		}
	}
	return d
}

func runBank(t *testing.T, name string) {
	bank := loadBank(t, name)
	failed := 0
	for _, e := range bank {
		got := parse(e.Q, bankPresent)
		d := append(e.diffs(got), termProblems(got)...)
		if len(d) > 0 {
			failed++
			t.Errorf("%s: %s\n%s", e.ID, e.Q, strings.Join(d, "\n"))
		}
	}
	t.Logf("%s: %d of %d questions parse as expected", name, len(bank)-failed, len(bank))
}

// TestBank runs the parser over every question of the bank.
func TestBank(t *testing.T) {
	runBank(t, "bank.jsonl")
}

// TestBankHeldOut runs the parser over the questions written after it
// passed the first part of the bank (see the README for the first-try
// figure).
func TestBankHeldOut(t *testing.T) {
	runBank(t, "heldout.jsonl")
}
