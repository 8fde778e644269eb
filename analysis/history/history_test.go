package history

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func library(t testing.TB) *Library {
	t.Helper()
	lib, err := Default()
	require.NoError(t, err)
	return lib
}

func pack(t testing.TB, id string) *Pack {
	t.Helper()
	p, ok := library(t).Pack(id)
	require.True(t, ok, "pack %s", id)
	return p
}

func parse(t testing.TB, text string) *analysis.Document {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	return doc
}

func TestLoadEmbeddedPacks(t *testing.T) {
	lib := library(t)
	require.NotEmpty(t, lib.Packs())
	for _, p := range lib.Packs() {
		got, ok := lib.Pack(p.ID)
		assert.True(t, ok)
		assert.Same(t, p, got)
	}
	_, ok := lib.Pack("no-such-topic")
	assert.False(t, ok)
}

func TestDefaultIsShared(t *testing.T) {
	a, err := Default()
	require.NoError(t, err)
	b, err := Default()
	require.NoError(t, err)
	assert.Same(t, a, b)
}

type mention struct {
	Kind Kind
	ID   string
	Text string
}

func mentionsOf(text string, ms []Mention) []mention {
	out := make([]mention, len(ms))
	for i, m := range ms {
		out[i] = mention{m.Kind, m.ID, text[m.Start:m.End]}
	}
	return out
}

func TestMentionsCurlyPossessive(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	text := "Lenin’s Testament warned that Stalin, as General Secretary, had gathered too much power, and Trotsky's allies wanted it read out."
	got := mentionsOf(text, p.Mentions(parse(t, text)))
	assert.Equal(t, []mention{
		{KindTerm, "lenins-testament", "Lenin’s Testament"},
		{KindPerson, "stalin", "Stalin"},
		{KindTerm, "general-secretary", "General Secretary"},
		{KindPerson, "trotsky", "Trotsky"},
	}, got)
}

func TestDetectStalinQuestion(t *testing.T) {
	lib := library(t)
	p, score := lib.Detect("Why did Stalin emerge as leader of Russia?", "Stalin used his post as General Secretary to promote his supporters while Trotsky underestimated him.")
	require.NotNil(t, p)
	assert.Equal(t, "russia-1917-1953", p.ID)
	assert.Greater(t, score, 0.0)
	assert.LessOrEqual(t, score, 1.0)

	p, score = lib.Detect("Discuss the causes of the weather.", "It rains a lot in the autumn.")
	assert.Nil(t, p)
	assert.Zero(t, score)
}

func TestQuestionGuide(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	g, ok := p.Question("Why did Stalin emerge as leader of Russia?")
	require.True(t, ok)
	assert.Equal(t, "stalin-emergence", g.ID)
	_, ok = p.Question("Describe the climate of Siberia.")
	assert.False(t, ok)
}
