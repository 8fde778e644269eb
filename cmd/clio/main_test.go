package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric"
)

// clio runs one command line in-process.
func clio(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

const essay = "Stalin rose mainly because his post as General Secretary let him build support.\n\n" +
	"In April 1922 he became General Secretary. He appointed loyal officials who voted for him at the the Party Congress.\n\n" +
	"In conclusion, his post mattered more than Trotsky’s mistakes."

func TestMarkJSONSpansMatchText(t *testing.T) {
	code, out, errOut := clio(t, essay, "mark", "--format", "json", "--question", "Why did Stalin emerge as leader of Russia?", "-")
	require.Equal(t, 0, code, errOut)
	var rep rubric.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "1", rep.Version)
	assert.Equal(t, 25, rep.MaxMark)
	assert.GreaterOrEqual(t, rep.Mark, 1)
	require.NotEmpty(t, rep.Findings)
	for _, f := range rep.Findings {
		assert.Equal(t, essay[f.Start:f.End], f.Text, "finding %s", f.ID)
	}
}

func TestMarkTextShowsFindingInContext(t *testing.T) {
	p := writeFile(t, "essay.txt", []byte(essay))
	code, out, errOut := clio(t, "", "mark", "--color", "never", p)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Suggested: Level")
	assert.Contains(t, out, "structure.repeated-word")
	assert.Contains(t, out, "[the the]", "the slip is marked in its sentence")
	assert.NotContains(t, out, "\x1b[", "no colour when not a terminal")
}

func TestMarkUsesSidecarQuestion(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.txt"), []byte(essay), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.json"), []byte(`{"question": "Why did Stalin emerge as leader of Russia?"}`), 0o600))
	code, out, _ := clio(t, "", "mark", "--format", "json", filepath.Join(dir, "e.txt"))
	require.Equal(t, 0, code)
	var rep rubric.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "Why did Stalin emerge as leader of Russia?", rep.Question.Text)
}

func TestMarkBadInput(t *testing.T) {
	huge := bytes.Repeat([]byte("Stalin rose to power. "), 5<<20/22)
	tests := []struct {
		name  string
		stdin string
		file  []byte
		args  []string
		code  int
		want  string
	}{
		{"ErrEmpty", "", nil, nil, 1, "the essay is empty"},
		{"ErrWhitespace", "  \n\n\t ", nil, nil, 1, "the essay is empty"},
		{"ErrNotUTF8", "", []byte("Stalin \xc3\x28 rose"), nil, 1, "not valid UTF-8"},
		{"ErrNUL", "", []byte("Stalin\x00rose"), nil, 1, "control character"},
		{"ErrFiveMegabytes", "", huge, nil, 1, "too long"},
		{"ErrGiantWord", strings.Repeat("a", 50000), nil, nil, 1, "too long to be prose"},
		{"ErrMissingFile", "", nil, []string{"/no/such/essay.txt"}, 1, "no such file"},
		{"ErrBadFormat", essay, nil, []string{"--format", "xml"}, 2, "--format must be text or json"},
		{"ErrUnknownRubric", essay, nil, []string{"--rubric", "nope"}, 1, "unknown rubric"},
		{"ErrBadLocale", essay, nil, []string{"--locale", "fr-FR"}, 1, "unsupported locale"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"mark"}, tc.args...)
			if tc.file != nil {
				args = append(args, writeFile(t, "essay.txt", tc.file))
			}
			code, out, errOut := clio(t, tc.stdin, args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tc.want)
			assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one-line error: %q", errOut)
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := clio(t, "", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "unknown command")
}

func TestVersionAndRubrics(t *testing.T) {
	code, out, _ := clio(t, "", "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "clio "))
	code, out, _ = clio(t, "", "rubrics")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "aqa-a-level-essay-25")
}

// TestMarkWithProfile calibrates on a small marked set, as a department
// would, and marks with the profile: the report says it was calibrated.
func TestMarkWithProfile(t *testing.T) {
	var csvText strings.Builder
	csvText.WriteString("id,set,prompt,min_mark,max_mark,mark,essay\n")
	points := []string{
		"Stalin controlled appointments as General Secretary from April 1922, which gave him loyal votes.",
		"Trotsky was arrogant and missed Lenin's funeral in January 1924, which cost him support.",
		"The Lenin Enrolment of 1924 brought in members who owed their places to Stalin.",
		"Socialism in One Country appealed to a tired party more than Permanent Revolution did.",
		"Stalin allied with Zinoviev and Kamenev against Trotsky, then with Bukharin against them.",
		"The ban on factions of 1921 let Stalin brand his rivals as splitters of the party.",
	}
	for i := range 40 {
		n := 1 + i%6
		essay := strings.Join(points[:n], "\n\n")
		fmt.Fprintf(&csvText, "%d,1,Why did Stalin rise?,0,6,%d,%q\n", i, n, essay)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "marked.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte(csvText.String()), 0o600))
	profile := filepath.Join(dir, "profile.json")
	code, _, errOut := clio(t, "", "calibrate", "--csv", csvPath, "--out", profile)
	require.Equal(t, 0, code, errOut)

	code, out, errOut := clio(t, essay, "mark", "--format", "json", "--profile", profile, "-")
	require.Equal(t, 0, code, errOut)
	var rep map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Contains(t, rep, "calibration", "a profiled report says how it was calibrated")

	code, _, errOut = clio(t, essay, "mark", "--profile", filepath.Join(dir, "missing.json"), "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "missing.json")
}
