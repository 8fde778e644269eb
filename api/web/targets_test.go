package web

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/fixtures"
	"github.com/clio-history/clio/rubric/marking"
)

// TestEveryTargetHasAName: every weakness the analyzers report on the
// repository's essays (the fixtures, the contract essays that plant rare
// slips, and the annotated corpus) has a tutor's name in the class view,
// not a raw code like "structure: few-paragraphs".
func TestEveryTargetHasAName(t *testing.T) {
	if testing.Short() {
		t.Skip("marks about a hundred essays")
	}
	dir, err := fixtures.Dir()
	require.NoError(t, err)
	var files []string
	for _, pat := range []string{"*.txt", "contract/*.txt", "essays/*.txt"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Greater(t, len(files), 50)
	svc, err := sharedMarker()
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		rep, err := svc.Mark(context.Background(), marking.Request{Text: string(b)})
		require.NoError(t, err, f)
		for _, code := range targetCodes(rep) {
			seen[code] = true
		}
	}
	var unnamed []string
	for code := range seen {
		if _, ok := targets[code]; !ok {
			unnamed = append(unnamed, code)
		}
	}
	sort.Strings(unnamed)
	assert.Empty(t, unnamed, "weakness codes with no name for tutors")
	assert.Greater(t, len(seen), 10, "the essays show many kinds of weakness")
}

func TestTargetName(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"structure.few-paragraphs", "Organise the essay into paragraphs"},
		{"spelling.misspelled", "Spelling slips"},
		// A code added later still reads as words.
		{"structure.some-new-thing", "Some new thing"},
		{"odd", "Odd"},
		{"x.", "Other"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			got := targetName(tc.code)
			assert.Equal(t, tc.want, got)
			assert.False(t, strings.ContainsAny(got, ".:-"), "no code syntax in %q", got)
		})
	}
}
