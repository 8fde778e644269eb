package spelling

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPhoneticKey(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"fisical", "physical", true},
		{"nessasary", "necessary", true},
		{"sucssuful", "successful", true},
		{"nite", "night", true},
		{"knight", "night", true},
		{"wrong", "rong", true},
		{"kat", "cat", true},
		{"army", "navy", false},
		{"stalin", "lenin", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			assert.Equal(t, tt.same, phoneticKey(tt.a) == phoneticKey(tt.b), "%s=%s %s=%s",
				tt.a, phoneticKey(tt.a), tt.b, phoneticKey(tt.b))
		})
	}
	t.Run("CoarseKeyMergesCAndG", func(t *testing.T) {
		assert.NotEqual(t, phoneticKey("necasery"), phoneticKey("necessary"))
		assert.Equal(t, coarseKey("necasery"), coarseKey("necessary"))
	})
	t.Run("NoLettersNoKey", func(t *testing.T) {
		assert.Empty(t, phoneticKey("1234"))
		assert.Empty(t, phoneticKey(""))
	})
}
