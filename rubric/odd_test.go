package rubric_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
)

// TestMarkOddEssays: essays no tutor expects still get a sensible, low
// report and never a panic.
func TestMarkOddEssays(t *testing.T) {
	tests := map[string]string{
		"OneWord":             "Stalin.",
		"Numbers":             strings.Repeat("1917 1924 1929 1953 ", 50),
		"OneSentenceRepeated": strings.Repeat("Stalin was General Secretary in 1922 because Lenin trusted him. ", 200),
		"ConnectivesOnly":     strings.Repeat("However, therefore, furthermore, moreover, consequently. ", 40),
		"NoSpaces":            strings.Repeat("x", 900),
		"Emoji":               "Stalin 😀 won 🏆 in 1924 🙂. " + strings.Repeat("Trotsky lost. ", 5),
		"NoQuestionWords":     "Bread rises when yeast ferments sugar.\n\nBakers knead the dough.\n\nThe loaf cools on a rack.",
	}
	r := getRubric(t, rubric.DefaultID)
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := engine(t).Analyze(context.Background(), standard.Request{Text: text, Question: stalinQuestion})
			require.NoError(t, err)
			rep := rubric.Mark(res, r, rubric.Options{})
			assert.LessOrEqual(t, rep.Level, 2, "an essay that says nothing of substance stays low")
			assert.GreaterOrEqual(t, rep.Level, 1)
			assert.NotEmpty(t, rep.Feedback.Summary)
			assert.NotNil(t, rep.Feedback.WWW)
			assert.NotNil(t, rep.Feedback.EBI)
		})
	}
}
