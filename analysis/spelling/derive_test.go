package spelling

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDerivedWords checks the rules that accept words the lists lack and
// the slips those rules must not explain away.
func TestDerivedWords(t *testing.T) {
	a, err := New(Options{})
	require.NoError(t, err)
	tests := []struct {
		word string
		ok   bool
		why  string
	}{
		{"overwriteable", true, "a one-syllable verb keeps its e before -able in British use"},
		{"leaderless", true, "a noun + less is a regular derivation"},
		{"greyscale", true, "a compound of two common words"},
		{"valueable", false, "value drops its e before -able"},
		{"desireable", false, "desire drops its e before -able"},
		{"publically", false, "not public + ally: a slip for publicly"},
		{"beautyfull", false, "no compound ends in full"},
		{"formallize", false, "British English doubles l before -ed and -ing, not before -ize"},
		{"travelling", true, "British doubled l"},
		{"factionalist", true, "an adherent of factionalism"},
		{"reformists", true, "adherents of reformism"},
		{"comunist", false, "a slip for communist, not an adherent of a known -ism"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			assert.Equal(t, tt.ok, a.Check(tt.word, LocaleGB), tt.why)
		})
	}
}
