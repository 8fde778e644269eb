package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunSpellJSON(t *testing.T) {
	text := "In 1929 trotsky was exiled. The goverment had a huge affect on thearmy."
	var out, errOut bytes.Buffer
	err := runSpell(context.Background(), []string{"--format", "json", "-"}, strings.NewReader(text), &out, &errOut)
	require.NoError(t, err, errOut.String())
	var got struct {
		Findings []struct {
			ID, Analyzer, Code, Severity, Text, Message string
			Start, End                                  int
			Suggestions                                 []string
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	codes := map[string]string{}
	for _, f := range got.Findings {
		assert.Equal(t, text[f.Start:f.End], f.Text)
		assert.Equal(t, "spelling", f.Analyzer)
		assert.NotEmpty(t, f.ID)
		codes[f.Text] = f.Code
	}
	assert.Equal(t, map[string]string{"trotsky": "spelling.capitalisation", "goverment": "spelling.misspelled",
		"affect": "spelling.confusable", "thearmy": "spelling.run-together"}, codes)
}

func TestRunSpellWordListFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "words.txt")
	require.NoError(t, os.WriteFile(path, []byte("revolution\ncolour\nrecieve\nBolshevik\n"), 0o600))
	var out, errOut bytes.Buffer
	require.NoError(t, runSpell(context.Background(), []string{path}, nil, &out, &errOut))
	assert.Contains(t, out.String(), `"recieve"`)
	assert.Contains(t, out.String(), "receive")
	assert.Contains(t, out.String(), "1 finding(s).")
}

func TestRunSpellLocale(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runSpell(context.Background(), []string{"--locale", "en-US", "--format", "json"},
		strings.NewReader("The colour was red."), &out, &bytes.Buffer{}))
	assert.Contains(t, out.String(), "spelling.british")
	out.Reset()
	require.NoError(t, runSpell(context.Background(), nil, strings.NewReader("The colour was red."), &out, &bytes.Buffer{}))
	assert.Equal(t, "No spelling problems found.\n", out.String())
}

func TestRunSpellErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		input string
		usage bool
	}{
		{"BadFormat", []string{"--format", "xml"}, "text", true},
		{"BadLocale", []string{"--locale", "fr-FR"}, "text", true},
		{"TwoFiles", []string{"a", "b"}, "text", true},
		{"MissingFile", []string{"/nonexistent/essay.txt"}, "", false},
		{"Empty", nil, "   ", false},
		{"Binary", nil, "\x00\x01\x02", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runSpell(context.Background(), tt.args, strings.NewReader(tt.input), &bytes.Buffer{}, &bytes.Buffer{})
			require.Error(t, err)
			assert.Equal(t, tt.usage, errors.Is(err, errUsage))
		})
	}
}
