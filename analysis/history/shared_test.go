package history

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/fixtures"
)

// sharedEssay reads an essay from the shared folder beside the repository,
// skipping the test when it is not there (essays are not copied into the repo).
func sharedEssay(tb testing.TB, name string) string {
	tb.Helper()
	path := fixtures.NeedShared(tb, "essays", name)
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("shared essay %s: %v", name, err)
	}
	return string(data)
}

// TestSharedStalinEssay runs the lookups on a real tutor's answer to the
// Stalin question: the right pack and guide are found, and the names a
// reader sees in it are found too.
func TestSharedStalinEssay(t *testing.T) {
	text := sharedEssay(t, "stalin-rise.txt")
	lib := library(t)
	p, score := lib.Detect("Why did Stalin emerge as leader of Russia?", text)
	require.NotNil(t, p)
	assert.Equal(t, "russia-1917-1953", p.ID)
	assert.Greater(t, score, 0.5)

	doc := parse(t, text)
	seen := map[string]bool{}
	for _, m := range p.Mentions(doc) {
		seen[m.ID] = true
		t.Logf("%-12s %-28s %q", m.Kind, m.ID, text[m.Start:m.End])
	}
	for _, id := range []string{"stalin", "trotsky", "zinoviev", "kamenev", "bukharin", "general-secretary", "lenin-death", "fourteenth-congress", "politburo"} {
		assert.True(t, seen[id], id)
	}
	g, ok := p.Question("Why did Stalin emerge as leader of Russia?")
	require.True(t, ok)
	factors := map[string]bool{}
	for _, s := range p.Signals(doc, g) {
		factors[s.Factor] = true
	}
	t.Logf("factors signalled: %v", factors)
	assert.GreaterOrEqual(t, len(factors), 3)
}

func BenchmarkMentionsSharedEssay(b *testing.B) {
	text := sharedEssay(b, "stalin-rise.txt")
	p := pack(b, "russia-1917-1953")
	doc := parse(b, text)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Mentions(doc)
	}
}
