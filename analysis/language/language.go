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

// minWords is the fewest words an essay needs before it is judged: a list
// of names or a heading says too little.
const minWords = 25

// Guess returns the language doc is written in, and whether it is English.
// An essay is English unless English grammatical words are rare in it (under
// one word in fourteen) and another language's are common; when no language
// stands out but English grammar is almost absent, the language is "".
func Guess(doc *analysis.Document) (lang string, english bool) {
	counts := map[string]int{}
	total := 0
	for _, t := range doc.Tokens {
		if t.Kind != analysis.KindWord || !strings.ContainsFunc(t.Text, unicode.IsLetter) {
			continue
		}
		w := strings.ToLower(t.Text)
		total++
		for l, set := range functionWords {
			if set[w] {
				counts[l]++
			}
		}
	}
	if total < minWords {
		return "English", true
	}
	en := float64(counts["English"]) / float64(total)
	if en >= 1.0/14 {
		return "English", true
	}
	best, bestShare := "", 0.0
	for l, n := range counts {
		if l == "English" {
			continue
		}
		if s := float64(n) / float64(total); s > bestShare {
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
