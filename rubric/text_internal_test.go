package rubric

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPhraseSetFindsWholeWords checks phraseSet against the plain search it
// stands in for: each phrase, padded with spaces, as a substring.
func TestPhraseSetFindsWholeWords(t *testing.T) {
	contains := func(text string, phrases []string) bool {
		for _, p := range phrases {
			if strings.Contains(text, " "+p+" ") {
				return true
			}
		}
		return false
	}
	texts := []string{
		" ", "  ", " this meant that he won ", " thismeant ", " because ", " becauseof ", " led to ",
		" it led tonight ", " on the other hand ", " on the other ", " to a limited extent the ",
		" the most important reason ", " i agree ", " largely ", " mainly because ", " é crucial ",
	}
	for _, list := range [][]string{explainPhrases, judgementPhrases, {"", "a b"}} {
		set := newPhraseSet(list)
		for _, text := range texts {
			assert.Equal(t, contains(text, list), set.in([]byte(text)), "%q", text)
		}
	}
}
