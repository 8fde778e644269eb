package rubric

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
)

// Written for this test; the facts are standard (the Treaty of Versailles
// was signed in June 1919; the Ruhr was occupied in January 1923; the
// reparations bill of 1921 was 132 billion gold marks).
const (
	devQuestion = "'The loss of territory was the main reason why Germans hated the Treaty of Versailles.' How far do you agree with this statement? Explain your answer."
	thinAnswer  = "Germans hated the treaty. It was unfair. They lost land and had to pay money. They did not like it at all and were very angry about it."
	fullAnswer  = `Germans hated the loss of territory because it split their country. The Polish Corridor in 1919 cut East Prussia off from the rest of Germany, which meant that millions of Germans now lived under Polish rule. This made many feel that the Allies had broken the promise of self-determination.

However, reparations caused more lasting anger because they hurt ordinary families. In 1921 the bill was set at 132 billion gold marks, which meant that Germany had to pay for decades. When Germany fell behind, France occupied the Ruhr in January 1923, and as a result the government printed money and prices rose out of control.

The War Guilt Clause, Article 231, was hated most because it blamed Germany alone for the war. This mattered because the army had not been beaten on German soil, so many believed the stab-in-the-back myth that Ebert's government had betrayed them.

Overall I disagree: the loss of territory mattered, but the War Guilt Clause was the main reason because it justified every other term, including reparations and the loss of land.`
)

func TestDevelopmentCountsWhatIsDeveloped(t *testing.T) {
	eng, err := standard.New(standard.Options{})
	require.NoError(t, err)
	measure := func(text string) development {
		res, err := eng.Analyze(context.Background(), standard.Request{Text: text, Question: devQuestion})
		require.NoError(t, err)
		return measureDevelopment(res, newTextView(res))
	}
	thin, full := measure(thinAnswer), measure(fullAnswer)
	assert.Greater(t, full.developed, thin.developed+2, "a developed answer develops more points")
	assert.Greater(t, full.specifics, thin.specifics+5, "and uses more distinct knowledge")
	assert.Greater(t, full.judgement, thin.judgement)

	paras := strings.Split(fullAnswer, "\n\n")
	cases := map[string]string{
		"every paragraph twice":                    fullAnswer + "\n\n" + strings.Join(paras[:3], "\n\n"),
		"the second paragraph again":               strings.Join(append(append([]string{}, paras[:2]...), paras[1:]...), "\n\n"),
		"a sentence repeated inside its paragraph": strings.Replace(fullAnswer, "In 1921 the bill", "However, reparations caused more lasting anger because they hurt ordinary families. In 1921 the bill", 1),
		"a connective before every sentence":       strings.NewReplacer(". ", ". Furthermore, ", "\n\n", "\n\nMoreover, ").Replace(fullAnswer),
	}
	for name, text := range cases {
		got := measure(text)
		assert.LessOrEqual(t, got.points, full.points, "%s: points", name)
		assert.LessOrEqual(t, got.developed, full.developed, "%s: developed", name)
		assert.LessOrEqual(t, got.specifics, full.specifics, "%s: specifics", name)
	}
}
