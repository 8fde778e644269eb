package marking_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

const essay = `Stalin became leader mainly because he was General Secretary from April 1922, which meant that he could appoint his own supporters to posts across the party.

His rivals also made mistakes. Trotsky did not attend Lenin's funeral in January 1924, and Zinoviev and Kamenev helped Stalin because they feared Trotsky more.

In conclusion, his control of the party machine was the most important reason, because it turned his rivals' mistakes into votes.`

func TestServiceMark(t *testing.T) {
	svc, err := marking.New(standard.Options{})
	require.NoError(t, err)
	ctx := context.Background()

	rep, err := svc.Mark(ctx, marking.Request{Text: essay, Question: "Why did Stalin emerge as leader of Russia?"})
	require.NoError(t, err)
	assert.Equal(t, rubric.DefaultID, rep.Rubric.ID)
	assert.Greater(t, rep.Stats.ElapsedMS, 0.0)

	_, err = svc.Mark(ctx, marking.Request{Text: essay, Rubric: "no-such-rubric"})
	assert.ErrorIs(t, err, marking.ErrUnknownRubric)

	prof := &rubric.Profile{Version: rubric.ProfileVersion, Sets: map[string]*rubric.SetModel{
		"a": {MinMark: 0, MaxMark: 25, Intercept: 12}, "b": {MinMark: 0, MaxMark: 25, Intercept: 20},
	}}
	_, err = svc.Mark(ctx, marking.Request{Text: essay, Profile: prof})
	assert.ErrorIs(t, err, rubric.ErrBadProfile, "a two-set profile needs a set name")
	rep, err = svc.Mark(ctx, marking.Request{Text: essay, Profile: prof, ProfileSet: "b"})
	require.NoError(t, err)
	require.NotNil(t, rep.Calibration)
	assert.Equal(t, "b", rep.Calibration.Set)
	assert.Equal(t, 20.0, rep.Calibration.Predicted)
}

// TestServiceChoosesTheQuestionsScheme: without a rubric, a GCSE question
// in a board's wording is marked on that board's scheme, with its SPaG
// marks; a rubric the caller names always wins.
func TestServiceChoosesTheQuestionsScheme(t *testing.T) {
	svc, err := marking.New(standard.Options{})
	require.NoError(t, err)
	ctx := context.Background()
	q := "'Stalin's control of the party machine was the main reason why he became leader.' How far do you agree with this statement? Explain your answer. [16 marks]"
	assert.Equal(t, "aqa-gcse-history-16", svc.ChooseRubric(q))
	rep, err := svc.Mark(ctx, marking.Request{Text: essay, Question: q})
	require.NoError(t, err)
	assert.Equal(t, "aqa-gcse-history-16", rep.Rubric.ID)
	assert.Equal(t, 16, rep.MaxMark)
	require.NotNil(t, rep.SPaG)
	assert.Equal(t, 4, rep.SPaG.MaxMark)
	assert.LessOrEqual(t, rep.SPaG.Mark, 4)

	rep, err = svc.Mark(ctx, marking.Request{Text: essay, Question: q, Rubric: rubric.DefaultID})
	require.NoError(t, err)
	assert.Equal(t, rubric.DefaultID, rep.Rubric.ID)
	assert.Nil(t, rep.SPaG)
}
