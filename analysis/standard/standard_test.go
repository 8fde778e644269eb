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
	t.Run("NoPackMeansNoKnowledgeFindings", func(t *testing.T) {
		// An essay on Hitler's rise that names Stalin, whom the Russia pack
		// knows, and gets a wrong date the Russia pack could "check".
		text := "Hitler became Chancellor in January 1933 because Hindenburg and Papen thought they could control him.\n\n" +
			"The Depression after 1929 destroyed support for the Weimar Republic, and Stalin told the German Communists to attack the Social Democrats. " +
			"Stalin became General Secretary in 1924.\n\n" +
			"In conclusion, the conservatives' intrigue mattered more than the Nazi vote."
		res, err := eng.Analyze(context.Background(), Request{Text: text, Question: "Why did Hitler become Chancellor of Germany in January 1933?"})
		require.NoError(t, err)
		choice := res.Task.Question.TopicChoice
		require.NotNil(t, choice)
		if choice.ID != "" {
			assert.NotEqual(t, "russia-1917-1953", choice.ID)
			return // a Germany pack has landed
		}
		assert.Empty(t, res.Task.Topic)
		assert.Equal(t, "none", choice.By)
		assert.Contains(t, choice.Reason, "no pack")
		for _, f := range res.Findings {
			assert.NotContains(t, []string{"evidence.factor-covered", "evidence.factor-missing", "dates.conflict",
				"dates.anachronism", "dates.inconsistent"}, f.Code, "knowledge-based finding without a pack: %s", f.Message)
		}
		for _, d := range res.Dates {
			assert.Contains(t, []string{"unknown", "out-of-period"}, d.Verdict, "date %q", d.Value)
		}
	})
	t.Run("ReportSaysWhyThisTopic", func(t *testing.T) {
		res, err := eng.Analyze(context.Background(), Request{Text: essay, Question: "Why did Stalin emerge as leader of the Soviet Union by 1929?"})
		require.NoError(t, err)
		choice := res.Task.Question.TopicChoice
		require.NotNil(t, choice)
		assert.Equal(t, "russia-1917-1953", choice.ID)
		assert.Equal(t, "question", choice.By)
		assert.Contains(t, choice.Evidence, "Joseph Stalin")
		assert.Contains(t, choice.Reason, "Joseph Stalin")

		res, err = eng.Analyze(context.Background(), Request{Text: essay, Topic: "russia-1917-1953"})
		require.NoError(t, err)
		assert.Equal(t, "request", res.Task.Question.TopicChoice.By)
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
