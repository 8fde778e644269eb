package question

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// keyTerms lists the question's names (capitalised runs such as "Henry VII"
// or "General Secretary") and content words, without stopwords, command
// words or numbers, one per stem, in order of appearance.
func keyTerms(s string) []string {
	// Labels of sources and extracts ("Source A", "Interpretations 1 and
	// 2") are not what the question is about.
	s = labelRe.ReplaceAllString(s, ",")
	words := splitWords(s)
	var out []string
	seen := map[string]bool{}
	addTerm := func(term string, stems []string) {
		key := strings.Join(stems, " ")
		if key == "" || seen[key] {
			return
		}
		for _, st := range stems {
			seen[st] = true
		}
		seen[key] = true
		out = append(out, term)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		lower := strings.ToLower(w.text)
		if isName(w, words, i) {
			j := i + 1
			// A run stops after a possessive ("Stalin's rise"), except a
			// plural one inside a name ("the Peasants' Revolt").
			for j < len(words) && (!words[j-1].possessive || words[j-1].plural && j < len(words) && isCapital(words[j].text) && !words[j].afterBreak) {
				nx := words[j]
				if isName(nx, words, j) && !nx.afterBreak {
					j++
					continue
				}
				// "Church of England", "Duke of Normandy", "Wars of the
				// Roses", "Peter the Great".
				if n := joinerLen(words, j); n > 0 {
					j += n
					continue
				}
				break
			}
			parts := make([]string, 0, j-i)
			var stems []string
			for k := i; k < j; k++ {
				part := words[k].text
				if words[k].plural && k+1 < j {
					part += "'"
				}
				parts = append(parts, part)
				if l := strings.ToLower(words[k].text); !stopwords[l] {
					stems = append(stems, Stem(l))
				}
			}
			if len(parts) == 1 && (commandWords[lower] || stopwords[lower] || instructionWords[lower]) {
				i = j - 1
				continue
			}
			addTerm(strings.Join(parts, " "), stems)
			i = j - 1
			continue
		}
		if stopwords[lower] || commandWords[lower] || instructionWords[lower] || len(lower) < 3 || hasDigit(lower) {
			continue
		}
		st := Stem(lower)
		if commandStems[st] {
			continue
		}
		if seen[st] {
			continue
		}
		// As written: a capital at the start of a sentence may be a
		// name's ("Stalin came to power…"), and says nothing otherwise.
		addTerm(w.text, []string{st})
	}
	return out
}

type word struct {
	text string
	// initial is true for the first word of a sentence or quotation, whose
	// capital says nothing about it being a name.
	initial bool
	// afterBreak is true when punctuation separates it from the word before.
	afterBreak bool
	// possessive is true when the word carried "'s" or a trailing "'";
	// plural when it was the trailing "'" ("the Normans' army").
	possessive, plural bool
}

func splitWords(s string) []word {
	var out []word
	initial, brk := true, false
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case strings.ContainsRune(".?!:;\"", r):
				initial, brk = true, true
			case r == '\'' && (i == 0 || !isLetterAt(s, i-1)):
				// An opening quote starts a quotation.
				initial, brk = true, true
			case r == ',' || r == '(' || r == ')' || r == '-':
				brk = true
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) || ((r2 == '\'' || r2 == '-') && j+sz < len(s) && isLetterAt(s, j+sz)) {
				j += sz
				continue
			}
			break
		}
		text := s[i:j]
		// Possessives: "Stalin's", "Normans'".
		lower := strings.ToLower(text)
		poss, plural := false, false
		if strings.HasSuffix(lower, "'s") {
			text, poss = text[:len(text)-2], true
		}
		i = j
		if i < len(s) && s[i] == '\'' && strings.HasSuffix(lower, "s") && (i+1 == len(s) || !isLetterAt(s, i+1)) {
			i++ // a possessive apostrophe after the word: "Normans'"
			poss, plural = true, true
		}
		out = append(out, word{text: text, initial: initial, afterBreak: brk, possessive: poss, plural: plural})
		initial, brk = false, false
	}
	return out
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isName reports whether words[i] looks like part of a proper name: a capital
// letter not explained by its place at the start of a sentence, or a Roman
// numeral after a name ("Henry VII", "Charles I").
func isName(w word, words []word, i int) bool {
	r, _ := utf8.DecodeRuneInString(w.text)
	if !unicode.IsUpper(r) {
		return false
	}
	lower := strings.ToLower(w.text)
	if romanNumeral(w.text) && i > 0 && !w.afterBreak {
		prev, _ := utf8.DecodeRuneInString(words[i-1].text)
		return unicode.IsUpper(prev)
	}
	if w.text == "I" {
		return false
	}
	if !w.initial {
		return !stopwords[lower] || i+1 < len(words) && isCapital(words[i+1].text) && !words[i+1].afterBreak && !stopwords[strings.ToLower(words[i+1].text)]
	}
	// A sentence-initial capital says nothing by itself: it is a name when
	// possessive ("Stalin's rise"), followed by another capitalised word
	// ("Henry VII"), or written with a capital elsewhere in the question.
	if stopwords[lower] || commandWords[lower] || instructionWords[lower] {
		return false
	}
	if w.possessive {
		return true
	}
	if i+1 < len(words) && !words[i+1].afterBreak && isCapital(words[i+1].text) && (!stopwords[strings.ToLower(words[i+1].text)] || romanNumeral(words[i+1].text)) {
		return true
	}
	// "Peter the Great", "Pitt the Younger"; not "Causes of the War".
	if i+1 < len(words) && strings.ToLower(words[i+1].text) == "the" && joinerLen(words, i+1) > 0 {
		return true
	}
	for k, o := range words {
		if k != i && !o.initial && o.text == w.text {
			return true
		}
	}
	return false
}

func isCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func romanNumeral(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("IVXL", c) {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// joinerLen returns how many words from j join two parts of one name: 2
// for "of England" style ("of" or "the" and a name), 3 for "of the Roses",
// else 0.
func joinerLen(words []word, j int) int {
	if j >= len(words) || words[j].afterBreak {
		return 0
	}
	first := strings.ToLower(words[j].text)
	if first != "of" && first != "the" {
		return 0
	}
	k := j + 1
	if first == "of" && k < len(words) && strings.ToLower(words[k].text) == "the" && !words[k].afterBreak {
		k++
	}
	if k < len(words) && !words[k].afterBreak && isCapital(words[k].text) && !stopwords[strings.ToLower(words[k].text)] {
		return k - j + 1 - 1
	}
	return 0
}
