package argument

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNearDuplicates(t *testing.T) {
	w := strings.Fields
	texts := [][]string{
		w("stalin used his position as general secretary to appoint his supporters to key posts"),
		w("trotsky was ill at key moments and failed to build alliances within the party"),
		w("stalin used his position as general secretary to appoint his supporters to key posts"), // exact copy of 0
		// A near copy of 4 with one word changed: 3-gram Jaccard 25/31.
		w("as general secretary stalin appointed the local party secretaries who chose the delegates to the congress so by the middle of the decade the congress was packed with his men"),
		w("as general secretary stalin appointed the local party secretaries who chose the delegates to the congress so by the middle of the decade the congress was filled with his men"),
		w("the lenin enrolment brought in new members who owed their places to the party machine"),
		w("short one"),
		w("short one"),
	}
	assert.Equal(t, []int{-1, -1, 0, -1, 3, -1, -1, -1}, nearDuplicates(texts, minDupWords, false))

	// One word inserted into a short sentence is a rewrite, not a copy.
	short := [][]string{
		w("stalin used his position as general secretary to appoint his supporters to key posts"),
		w("stalin used his position as general secretary to appoint his own supporters to key posts"),
	}
	assert.Equal(t, []int{-1, -1}, nearDuplicates(short, minDupWords, false))
}
