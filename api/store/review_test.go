package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

func TestNewReview(t *testing.T) {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	aqa, ok := set.Get("aqa-a-level-essay-25") // levels 1–5, bands 1–5, 6–10, 11–15, 16–20, 21–25
	require.True(t, ok)
	sub := store.Submission{ID: "sub_1", OrgID: "org_1", Level: 3, Mark: 13, MaxMark: 25}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	n := func(v int) *int { return &v }
	tests := []struct {
		name               string
		d                  store.Decision
		field              string // the field refused, or "" for a review
		level, mark        int
		overridden         bool
		comment            string
		reasonContains     string
		reasonAlsoContains string
	}{
		{name: "Accept", d: store.Decision{Action: "accept"}, level: 3, mark: 13},
		{name: "AcceptRepeatingTheSuggestion", d: store.Decision{Action: "accept", Level: n(3), Mark: n(13), Comment: "  Fair.  "}, level: 3, mark: 13, comment: "Fair."},
		{name: "AcceptWithAnotherMark", d: store.Decision{Action: "accept", Mark: n(14)}, field: "decision", reasonContains: "override"},
		{name: "Override", d: store.Decision{Action: "override", Level: n(4), Mark: n(17), Comment: "Sustained judgement."}, level: 4, mark: 17, overridden: true, comment: "Sustained judgement."},
		{name: "OverrideAtTheBandEdges", d: store.Decision{Action: "override", Level: n(5), Mark: n(21), Comment: "x"}, level: 5, mark: 21, overridden: true, comment: "x"},
		{name: "OverrideTheSameMarkWithAComment", d: store.Decision{Action: "override", Level: n(3), Mark: n(13), Comment: "Agreed, for other reasons."}, level: 3, mark: 13, overridden: true, comment: "Agreed, for other reasons."},
		{name: "ErrLevelZero", d: store.Decision{Action: "override", Level: n(0), Mark: n(0), Comment: "x"}, field: "level", reasonContains: "from 1 to 5"},
		{name: "ErrLevelTooHigh", d: store.Decision{Action: "override", Level: n(6), Mark: n(25), Comment: "x"}, field: "level"},
		{name: "ErrMarkBelowTheBand", d: store.Decision{Action: "override", Level: n(4), Mark: n(13), Comment: "x"}, field: "mark", reasonContains: "Level 4", reasonAlsoContains: "16 to 20, not 13"},
		{name: "ErrMarkAboveTheBand", d: store.Decision{Action: "override", Level: n(4), Mark: n(21), Comment: "x"}, field: "mark"},
		{name: "ErrNoComment", d: store.Decision{Action: "override", Level: n(4), Mark: n(17)}, field: "comment", reasonContains: "comment"},
		{name: "ErrWhitespaceComment", d: store.Decision{Action: "override", Level: n(4), Mark: n(17), Comment: " \n\t"}, field: "comment"},
		{name: "ErrNoLevel", d: store.Decision{Action: "override", Mark: n(17), Comment: "x"}, field: "level"},
		{name: "ErrNoMark", d: store.Decision{Action: "override", Level: n(4), Comment: "x"}, field: "mark"},
		{name: "ErrUnknownAction", d: store.Decision{Action: "maybe"}, field: "decision"},
		{name: "ErrLongComment", d: store.Decision{Action: "accept", Comment: string(make([]byte, 4001))}, field: "comment", reasonContains: "4000"},
		{name: "ErrControlCharacter", d: store.Decision{Action: "accept", Comment: "ok\x00"}, field: "comment"},
		{name: "ErrNotUTF8", d: store.Decision{Action: "accept", Comment: "ok \xff"}, field: "comment"},
		{name: "NewlinesAndTabsAllowed", d: store.Decision{Action: "accept", Comment: "Line one.\n\tLine two."}, level: 3, mark: 13, comment: "Line one.\n\tLine two."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := store.NewReview(sub, aqa, "usr_t", tc.d, at)
			if tc.field != "" {
				var re *store.ReviewError
				require.True(t, errors.As(err, &re), "%v", err)
				assert.ErrorIs(t, err, store.ErrInvalidReview)
				assert.Equal(t, tc.field, re.Field)
				assert.Contains(t, re.Reason, tc.reasonContains)
				assert.Contains(t, re.Reason, tc.reasonAlsoContains)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, store.Review{SubmissionID: "sub_1", OrgID: "org_1", ReviewerID: "usr_t", SuggestedLevel: 3, SuggestedMark: 13,
				FinalLevel: tc.level, FinalMark: tc.mark, Overridden: tc.overridden, Comment: tc.comment, Created: at}, r)
		})
	}

	// Levels are found by their number, not their place in the list.
	custom := &rubric.Rubric{ID: "house-10", Name: "House style", MaxMark: 10, Levels: []rubric.Level{
		{Level: 2, Band: rubric.Band{Min: 6, Max: 10}}, {Level: 1, Band: rubric.Band{Min: 0, Max: 5}}}}
	r, err := store.NewReview(store.Submission{ID: "s", Level: 1, Mark: 3}, custom, "usr_t",
		store.Decision{Action: "override", Level: n(2), Mark: n(7), Comment: "Better."}, at)
	require.NoError(t, err)
	assert.Equal(t, 7, r.FinalMark)
	_, err = store.NewReview(store.Submission{ID: "s", Level: 1, Mark: 3}, custom, "usr_t",
		store.Decision{Action: "override", Level: n(2), Mark: n(5), Comment: "Better."}, at)
	assert.ErrorContains(t, err, "Level 2 of House style takes marks 6 to 10, not 5.")
}
