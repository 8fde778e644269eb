package spelling

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSoundAlikeSuggestions checks that a misspelling written the way the
// word sounds, or missing a silent letter, or several edits away in a long
// word, gets the word meant first.
func TestSoundAlikeSuggestions(t *testing.T) {
	a, err := New(Options{})
	require.NoError(t, err)
	tests := []struct{ wrong, want string }{
		{"fone", "phone"},                 // f for ph, at the start
		{"nolege", "knowledge"},           // silent k, d missing
		{"sycology", "psychology"},        // silent p, h missing
		{"revolushun", "revolution"},      // shun for tion
		{"rythm", "rhythm"},               // silent h
		{"enviromentle", "environmental"}, // three edits in a long word
	}
	for _, tt := range tests {
		t.Run(tt.wrong, func(t *testing.T) {
			got := a.Suggest(tt.wrong, LocaleGB)
			require.NotEmpty(t, got)
			assert.Equal(t, tt.want, got[0], "all suggestions: %v", got)
		})
	}
}

func TestWeightedDistanceConfusions(t *testing.T) {
	tests := []struct {
		a, b, c string // a should be nearer b than c
	}{
		{"fone", "phone", "fane"},
		{"rite", "write", "rote"},
		{"nashun", "nation", "nashin"}, // four letters changed, nearer than one vowel
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			assert.Less(t, weightedDistance(tt.a, tt.b), weightedDistance(tt.a, tt.c))
			assert.Equal(t, weightedDistance(tt.a, tt.b), weightedDistance(tt.b, tt.a), "symmetric")
		})
	}
}
