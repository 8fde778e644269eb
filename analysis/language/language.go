package language

import (
	"strings"
	"unicode"

	"github.com/clio-history/clio/analysis"
)

// functionWords are the commonest grammatical words of each language, none
// of them also a common English word ("a", "on", "in" and "die" are left
// out where they would blur the count).
var functionWords = map[string]map[string]bool{
	"English": words("the of and to is was that it for with as his he by are were this be which from at had not they their but have has an or its who been will would there these than also"),
	"French":  words("le la les des du une est et dans pour que qui sur pas ne avec il elle sont ont été cette ces aux au par mais ou leur nous vous je était plus se sa son"),
	"Spanish": words("el los las del una es y en por que con para se su sus como pero fue era más este esta al lo muy también sobre entre hay tiene ser"),
	"German":  words("der das und ist nicht mit ein eine den dem des zu von sich auf für im auch es sie wir ich wurde war sind hat nach bei aus wie oder"),
	"Welsh":   words("y yr yn ac mae roedd ei eu ar gan wedi i o am fel hefyd ond oedd bod gyda hyn nid fod ydy sydd neu dros"),
	"Italian": words("il di che è e la per un una non sono del della dei nel con si lo gli le anche come più ma era stato questo questa"),
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// languages lists the languages in a fixed order; byWord maps each
// function word to the bit set of the languages it belongs to, so that a
// word costs one lookup.
var (
	languages = []string{"English", "French", "Spanish", "German", "Welsh", "Italian"}
	byWord    = func() map[string]uint8 {
		m := map[string]uint8{}
		for i, l := range languages {
			for w := range functionWords[l] {
				m[w] |= 1 << i
			}
		}
		return m
	}()
)

// minWords is the fewest words an essay needs before it is judged: a list
// of names or a heading says too little.
const minWords = 25

// sampleWords bounds the words read: the first few hundred words of an essay
// show its language as well as all of them.
const sampleWords = 600

// Guess returns the language doc is written in, and whether it is English.
// An essay is English unless English grammatical words are rare in it (under
// one word in fourteen) and another language's are common; when no language
// stands out but English grammar is almost absent, the language is "".
func Guess(doc *analysis.Document) (lang string, english bool) {
	var counts [8]int
	total := 0
	var buf [32]byte
	for _, t := range doc.Tokens {
		if total >= sampleWords {
			break
		}
		if t.Kind != analysis.KindWord || !strings.ContainsFunc(t.Text, unicode.IsLetter) {
			continue
		}
		total++
		w := t.Text
		if len(w) > len(buf) {
			continue
		}
		if hasUpper(w) {
			w = strings.ToLower(w)
		}
		bits := byWord[w]
		for i := range languages {
			if bits&(1<<i) != 0 {
				counts[i]++
			}
		}
	}
	if total < minWords {
		return "English", true
	}
	en := float64(counts[0]) / float64(total)
	if en >= 1.0/14 {
		return "English", true
	}
	best, bestShare := "", 0.0
	for i, l := range languages[1:] {
		if s := float64(counts[i+1]) / float64(total); s > bestShare {
			best, bestShare = l, s
		}
	}
	if bestShare >= 2*en && bestShare >= 0.1 {
		return best, false
	}
	if en < 0.03 {
		return "", false
	}
	return "English", true
}

func hasUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return true
		}
	}
	return false
}
