package spelling

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// Capitals from knowledge. Three checks beyond a known name in lower case:
//
//   - the pronoun "i" (and "i'm", "i've") in lower case;
//   - a word the lists hold as a common name but in lower case only as a
//     rarity, when the history lexicon or the topic packs know the name
//     ("english", "henry", "bolsheviks", "carter");
//   - a grammatical word capitalised in mid-sentence ("in 1536, And the
//     king", "the causes, The first"), unless it starts a title or a
//     quotation.
//
// A capital on a content word in mid-sentence ("the Religious settlement")
// is left alone: history prose capitalises too many terms ("the Crown", "the
// Party", "the Terror") for a word list to tell a slip from a convention.

// pronounI reports "i" as a pronoun: a word of its own, not a list marker
// "(i)", a roman numeral in a list, or "i.e.".
func (r *run) pronounI(i int) bool {
	t := r.doc.Tokens[i]
	if t.Norm != "i" {
		return false
	}
	prev, next := r.rawNeighbour(i, -1), r.rawNeighbour(i, 1)
	if prev >= 0 && (r.doc.Tokens[prev].Norm == "(" || r.doc.Tokens[prev].Norm == "[") {
		return false
	}
	if next >= 0 {
		n := r.doc.Tokens[next].Norm
		if n == ")" || n == "]" || n == "." || n == ":" || strings.HasPrefix(n, ".") {
			return false
		}
	}
	// "i" in a list of letters or numerals: "(a), (b) ... i, ii, iii".
	return next < 0 || r.doc.Tokens[next].Kind == analysis.KindWord || r.doc.Tokens[next].Norm == ","
}

// rawNeighbour is the index of the token next to i in the same sentence,
// whatever its kind, or -1.
func (r *run) rawNeighbour(i, dir int) int {
	j := i + dir
	if j < 0 || j >= len(r.doc.Tokens) || r.doc.Tokens[j].Sentence != r.doc.Tokens[i].Sentence {
		return -1
	}
	return j
}

// capitals runs the checks above on token i, a known word.
func (r *run) capitals(i int) {
	t := r.doc.Tokens[i]
	if r.flagged[i] || t.Kind != analysis.KindWord {
		return
	}
	lw := r.lower[i]
	switch {
	case lw == "i" && r.pronounI(i):
		r.capital(i, "I", "“I” is always a capital letter.")
	case (lw == "i'm" || lw == "i've" || lw == "i'll" || lw == "i'd") && t.Norm == lw:
		r.capital(i, "I"+t.Norm[1:], "“I” is always a capital letter.")
	case t.Norm == lw:
		if name, ok := r.a.dict.capitals[lw]; ok {
			if wi := r.a.dict.lookup(lw); wi != nil && wi.Name {
				r.capital(i, name, fmt.Sprintf("“%s” is a name, so it takes a capital letter: %s.", t.Text, name))
			}
		}
	default:
		r.midSentenceCapital(i)
	}
}

func (r *run) capital(i int, fix, msg string) {
	t := r.doc.Tokens[i]
	r.add(i, analysis.Finding{Code: CodeCapitalisation, Severity: analysis.SeverityError, Span: t.Span,
		Message: msg, Suggestions: []string{fix}})
}

// lowerStarts are the grammatical words that, capitalised in mid-sentence
// with a lower-case word after them, are a slip rather than the start of a
// title ("called The Acts and Monuments") or a name ("The Hague").
var lowerStarts = set("the", "and", "but", "or", "if", "then", "they", "there", "their", "where", "when",
	"instead", "never", "should", "because", "also", "so", "in", "on", "of", "to", "for", "with", "is", "was",
	"are", "were", "it", "this", "that", "which", "who", "we", "he", "she", "you", "not", "as", "at", "by",
	"from", "however", "therefore", "although", "while", "after", "before", "would", "could", "will", "can")

// midSentenceCapital reports a capitalised grammatical word inside a
// sentence: after a word or a comma, not after a colon, a quotation mark,
// a bracket or a dash, and followed by a word in lower case.
func (r *run) midSentenceCapital(i int) {
	t := r.doc.Tokens[i]
	lw := r.lower[i]
	if !lowerStarts[lw] || !isUpperRune(t.Norm) || isAllUpper(t.Norm) && len(t.Norm) > 1 || r.sentenceInitial(i) {
		return
	}
	if !t.SpaceBefore {
		return
	}
	prev := r.rawNeighbour(i, -1)
	if prev < 0 {
		return
	}
	pt := r.doc.Tokens[prev]
	if pt.Kind != analysis.KindWord && pt.Kind != analysis.KindNumber && pt.Norm != "," {
		return
	}
	// After a capitalised word the capital may be part of a name: "the
	// People's Will", "the Great Terror".
	owner := prev
	if strings.HasPrefix(pt.Norm, "'") && !pt.SpaceBefore && prev > 0 {
		owner = prev - 1
	}
	if isUpperRune(r.doc.Tokens[owner].Norm) && (owner != prev || !r.sentenceInitial(owner)) {
		return
	}
	// A word with symbols in it may hide a quotation mark or a full stop
	// (text that went through the wrong character encoding).
	if strings.ContainsFunc(pt.Norm, func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' && c != '-' && c != ','
	}) {
		return
	}
	// Between two lines of a list or a heading the segmenter may join
	// sentences: a line break before the word starts a new line.
	if strings.ContainsAny(r.doc.Text[pt.End:t.Start], "\n\r") {
		return
	}
	if pt.Norm == "," {
		// "Dear Sir, The ..." and ", and" before a quotation.
		if pp := r.rawNeighbour(prev, -1); pp < 0 || r.doc.Tokens[pp].Kind != analysis.KindWord && r.doc.Tokens[pp].Kind != analysis.KindNumber {
			return
		}
	}
	next := r.neighbour(i, 1)
	if next < 0 {
		return
	}
	nt := r.doc.Tokens[next]
	c, _ := utf8.DecodeRuneInString(nt.Text)
	if !unicode.IsLower(c) {
		return
	}
	if t.Norm != t.Text {
		return
	}
	fix := lw
	r.capital(i, fix, fmt.Sprintf("“%s” is in the middle of a sentence, so it takes no capital letter: %s.", t.Text, fix))
}

// nameInEssay reports a capitalised word the essay uses as a name: written
// with one capitalisation more than once, and more often so than in lower
// case ("Krylenkov"; "Saeng" three times and "saeng" once, where the lower
// case is the slip). A misspelling is seldom repeated exactly, capital and
// all.
func (r *run) nameInEssay(i int) bool {
	if r.names == nil {
		// Built once per essay: counting per word would cost time
		// quadratic in the length of a text full of unknown names.
		r.names = map[string]int{}
		first := map[string]string{}
		r.nameForms = first
		lower := map[string]int{}
		for j, u := range r.doc.Tokens {
			if u.Kind != analysis.KindWord {
				continue
			}
			lw := r.lower[j]
			if u.Norm == lw {
				lower[lw]++
				continue
			}
			if f, ok := first[lw]; !ok {
				first[lw] = u.Norm
			} else if f != u.Norm {
				r.names[lw] = -1
				continue
			}
			if r.names[lw] >= 0 {
				r.names[lw]++
			}
		}
		for lw, n := range lower {
			if r.names[lw] <= n {
				r.names[lw] = -1
			}
		}
	}
	return r.names[r.lower[i]] >= 2
}

// essayNameInLower reports an unknown word in lower case that the essay
// elsewhere writes as a name ("saeng" beside three "Saeng"): the slip is
// the missing capital, not the spelling.
func (r *run) essayNameInLower(i int) bool {
	t := r.doc.Tokens[i]
	if t.Norm != r.lower[i] || !r.nameInEssay(i) {
		return false
	}
	fix := r.nameForms[r.lower[i]]
	r.capital(i, fix, fmt.Sprintf("“%s” is a name elsewhere in this essay, so it takes a capital letter: %s.", t.Text, fix))
	return true
}
