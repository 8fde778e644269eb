package history

import (
	"context"
	"strings"
	"sync"
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

func TestDetectEachTopic(t *testing.T) {
	lib := library(t)
	tests := []struct {
		question, essay, want string
	}{
		{"Why did Stalin emerge as leader of Russia?", "", "russia-1917-1953"},
		{"How far was there a mid-Tudor crisis in the years 1547 to 1558?", "Northumberland and Somerset both struggled with rebellion.", "mary-i"},
		{"Why did William win the Battle of Hastings?", "Harold's army was tired after Stamford Bridge.", "norman-conquest"},
		{"Why did the Haitian Revolution succeed?", "Toussaint Louverture led the enslaved of Saint-Domingue.", "atlantic-revolutions"},
		{"", "Robespierre and the Jacobins justified the Terror by the war.", "atlantic-revolutions"},
		// Historiography words alone point to the guide...
		{"How should historians' views be used in an essay?", "Revisionist and Marxist interpretations differ. E. P. Thompson wrote history from below, the Annales school studied long-term structures, and Butterfield attacked the Whig interpretation.", "historiography"},
		// ...but a topic wins when the essay is about one.
		{"Why did Stalin emerge as leader of Russia?", "Revisionist historians such as Getty and Marxist writers disagree about Stalin.", "russia-1917-1953"},
	}
	for _, tt := range tests {
		t.Run(tt.want+"/"+tt.question, func(t *testing.T) {
			p, score := lib.Detect(tt.question, tt.essay)
			require.NotNil(t, p)
			assert.Equal(t, tt.want, p.ID)
			assert.Greater(t, score, 0.0)
		})
	}
}

func TestDetectHostileInput(t *testing.T) {
	lib := library(t)
	for _, s := range []string{"", "\x00\xff\xfe", strings.Repeat("a", 100000), strings.Repeat("’s ", 10000), "1066 1066 1066"} {
		p, score := lib.Detect(s, s)
		if p == nil {
			assert.Zero(t, score)
		} else {
			assert.True(t, score > 0 && score < 1)
		}
	}
}

func TestQuestionVariants(t *testing.T) {
	tests := []struct{ pack, question, want string }{
		{"russia-1917-1953", "Why was Stalin able to become leader of the USSR by 1929?", "stalin-emergence"},
		{"russia-1917-1953", "To what extent was Stalin's position as General Secretary the main reason for his rise to power?", "stalin-emergence"},
		{"russia-1917-1953", "Why did Stalin introduce collectivisation?", "collectivisation-reasons"},
		{"mary-i", "How successful was Mary I in restoring Catholicism?", "catholic-restoration"},
		{"norman-conquest", "Why did the Normans win at Hastings in 1066?", "why-william-won"},
		{"atlantic-revolutions", "Why did the French Revolution break out in 1789?", "french-causes"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			g, ok := pack(t, tt.pack).Question(tt.question)
			require.True(t, ok)
			assert.Equal(t, tt.want, g.ID)
		})
	}
	_, ok := pack(t, "russia-1917-1953").Question("")
	assert.False(t, ok)
}

func TestConcurrentUse(t *testing.T) {
	lib := library(t)
	p := pack(t, "russia-1917-1953")
	doc := parse(t, "Stalin’s allies Zinoviev and Kamenev formed the Triumvirate against Trotsky.")
	want := p.Mentions(doc)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				assert.Equal(t, want, p.Mentions(doc))
				lib.Detect("Why did Stalin emerge as leader of Russia?", doc.Text)
				p.Question("Why did Stalin emerge?")
			}
		}()
	}
	wg.Wait()
}
