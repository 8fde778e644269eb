package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric"
)

const stalinQ = "Why did Stalin emerge as leader of Russia?"

// batchLine is one line of 'clio mark --format json' over several essays.
type batchLine struct {
	File   string         `json:"file"`
	Report *rubric.Report `json:"report"`
	Error  string         `json:"error"`
}

// TestMarkManyInParallel marks a directory and a file together: every essay
// gets the report it gets when marked alone, in the order given, and the
// empty one is reported in its place without stopping the others.
func TestMarkManyInParallel(t *testing.T) {
	dir := t.TempDir()
	essays := map[string]string{
		"a.txt": essay,
		"b.txt": "", // empty: an error for this file only
		"c.txt": strings.ReplaceAll(essay, "the the", "the"),
	}
	for name, text := range essays {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"question": "`+stalinQ+`"}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("not an essay"), 0o600))
	extra := writeFile(t, "d.txt", []byte(essay))

	code, out, errOut := clio(t, "", "mark", "--format", "json", dir, extra)
	assert.Equal(t, 1, code, "one essay failed, so the command fails")
	assert.Contains(t, errOut, filepath.Join(dir, "b.txt")+": the essay is empty")
	assert.Contains(t, errOut, "1 of 4 essays could not be marked")

	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, "one JSON line per essay, the failed one included")
	want := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt"), extra}
	for i, l := range lines {
		var got batchLine
		require.NoError(t, json.Unmarshal([]byte(l), &got), l)
		assert.Equal(t, want[i], got.File, "reports come in the order given")
		if i == 1 {
			assert.Nil(t, got.Report)
			assert.Contains(t, got.Error, "the essay is empty")
			continue
		}
		require.NotNil(t, got.Report, got.Error)
		// The same essay marked alone gets the same report.
		code, single, errOut := clio(t, "", "mark", "--format", "json", want[i])
		require.Equal(t, 0, code, errOut)
		var alone rubric.Report
		require.NoError(t, json.Unmarshal([]byte(single), &alone))
		assert.Equal(t, alone.Mark, got.Report.Mark, want[i])
		assert.Equal(t, alone.Findings, got.Report.Findings, want[i])
	}
	var first batchLine
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Equal(t, stalinQ, first.Report.Question.Text, "each essay's own sidecar gives its question")
}

func TestMarkManyText(t *testing.T) {
	a := writeFile(t, "a.txt", []byte(essay))
	b := writeFile(t, "b.txt", []byte(strings.ReplaceAll(essay, "the the", "the")))
	code, out, errOut := clio(t, "", "mark", "--color", "never", "--question", stalinQ, a, "/no/such/essay.txt", b)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "/no/such/essay.txt: reading the essay")
	ia, ib := strings.Index(out, "== "+a+" =="), strings.Index(out, "== "+b+" ==")
	require.GreaterOrEqual(t, ia, 0, out)
	require.Greater(t, ib, ia, "one report per file, in the order given")
	assert.Equal(t, 2, strings.Count(out, "Suggested: Level"))
	assert.Contains(t, out[ia:ib], "structure.repeated-word", "each report is its own essay's")
	assert.NotContains(t, out[ib:], "structure.repeated-word")
}

func TestMarkManyUsage(t *testing.T) {
	a := writeFile(t, "a.txt", []byte(essay))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"StdinAmongFiles", []string{a, "-"}, "standard input can only be marked alone"},
		{"EmptyDirectory", []string{t.TempDir()}, "no .txt essays in"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := clio(t, "", append([]string{"mark"}, tc.args...)...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tc.want)
		})
	}
}
