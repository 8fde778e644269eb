package standard

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const essay = "Stalin became General Secretary in April 1922, which let him appoint loyal officials.\n\n" +
	"Trotsky was arrogant and missed Lenin's funeral in January 1924.\n\n" +
	"In conclusion, his post mattered more than Trotsky's mistakes."

func TestEngine(t *testing.T) {
	eng, err := New(Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"structure", "spelling", "mechanics", "dates", "argument", "evidence"}, eng.Analyzers())

	t.Run("DetectsTopicAndParsesQuestion", func(t *testing.T) {
		res, err := eng.Analyze(context.Background(), Request{Text: essay, Question: "How far was Stalin's position as General Secretary the main reason for his rise in the years 1924–29?"})
		require.NoError(t, err)
		assert.Equal(t, "russia-1917-1953", res.Task.Topic)
		assert.Equal(t, "russia-1917-1953", res.Task.Question.Topic)
		assert.Equal(t, "en-GB", res.Task.Locale)
		require.NotNil(t, res.Task.Question.Period)
		assert.Equal(t, 1924, res.Task.Question.Period.From)
		assert.Equal(t, 1929, res.Task.Question.Period.To)
	})
	t.Run("NamedTopicWins", func(t *testing.T) {
		res, err := eng.Analyze(context.Background(), Request{Text: essay, Topic: "mary-i", Locale: "en_US"})
		require.NoError(t, err)
		assert.Equal(t, "mary-i", res.Task.Topic)
		assert.Equal(t, "en-US", res.Task.Locale)
	})
	t.Run("NoTopicForAnUnrelatedEssay", func(t *testing.T) {
		res, err := eng.Analyze(context.Background(), Request{Text: "My summer holiday was spent by the sea with my family."})
		require.NoError(t, err)
		assert.Empty(t, res.Task.Topic, "knowledge checks stay silent rather than judge against the wrong period")
	})
	t.Run("ErrUnknownTopic", func(t *testing.T) {
		_, err := eng.Analyze(context.Background(), Request{Text: essay, Topic: "tudor-cookery"})
		assert.ErrorIs(t, err, ErrUnknownTopic)
	})
	t.Run("ErrBadLocale", func(t *testing.T) {
		_, err := eng.Analyze(context.Background(), Request{Text: essay, Locale: "fr-FR"})
		assert.ErrorIs(t, err, ErrBadLocale)
	})
}
