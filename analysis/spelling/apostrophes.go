package spelling

import (
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// CodeApostrophe is the finding code for an apostrophe missing from a
// possessive or put into a plural or a verb.
const CodeApostrophe = "spelling.apostrophe"

// Apostrophes in context, from the neighbouring words and their tags:
//
//   - a plural or a verb written with "'s": "the German's were", "the
//     noble's could", "Lenin say's that", "the baron's for": the word
//     after it is a verb, a modal, a subject pronoun or "for"/"that"/
//     "because", which never follow a possessive;
//   - a possessive written as a plural: "his sons death", "the peoples
//     support", "her drivers test", "Richards reign": after a possessive
//     determiner or "the", a plural noun whose singular is a common noun (or
//     a name the lexicon knows) followed by a singular noun and then a verb,
//     a preposition or the end of the clause, so that the two nouns are not
//     a compound subject ("the arms race began" is left alone: "arms race"
//     follows "arms" too often to be judged here, and compounds like it are
//     listed in nounCompounds).
//
// its/it's is a confusable (spelling.confusable), as before.

// afterPluralTags are the tags of words that follow a plural subject but
// never a possessive.
var afterPluralTags = set("VB", "VBD", "VBP", "MD")

var subjectPronouns = set("they", "we", "i", "he", "she", "you")

var nounModals = set("will", "may", "might", "can", "must")

var afterPluralWords = set("for", "because", "that")

var coordinators = set("and", "or", "but", "nor")

// possessiveDeterminers are the words before "his sons death".
var possessiveDeterminers = set("his", "her", "my", "your", "our", "their", "the")

// nounCompounds are plural nouns that commonly modify another noun
// without an apostrophe ("the arms race", "the sales tax", "a jobs market").
var nounCompounds = set("arms", "sales", "jobs", "goods", "customs", "savings", "earnings", "news", "means",
	"series", "species", "sports", "games", "trades", "works", "wages", "rights", "forces", "physics",
	"economics", "politics", "mathematics", "munitions", "accounts", "communications", "operations", "affairs",
	"arts", "letters", "papers", "parts", "ranks", "terms", "troops", "needs", "lands", "times", "ways",
	"states", "relations", "claims", "members", "years", "days", "hours", "weeks", "months", "words")

// apostrophes runs both checks on token i.
func (r *run) apostrophes(i int) {
	t := r.doc.Tokens[i]
	if t.Kind != analysis.KindWord || r.flagged[i] {
		return
	}
	if r.lower[i] == "'s" && !t.SpaceBefore && i > 0 && r.doc.Tokens[i-1].Kind == analysis.KindWord {
		r.pluralWithApostrophe(i-1, i)
		return
	}
	r.possessiveWithout(i)
}

// pluralWithApostrophe reports word "'s" (tokens w and s) used as a plural
// or a verb.
func (r *run) pluralWithApostrophe(w, s int) {
	if r.flagged[w] {
		return
	}
	stem := r.doc.Tokens[w]
	lw := r.lower[w]
	if lw == "it" || lw == "that" || lw == "what" || lw == "there" || lw == "here" || lw == "who" || lw == "he" ||
		lw == "she" || lw == "let" || lw == "where" || lw == "how" || lw == "everyone" || lw == "one" {
		return
	}
	// Names: "Stalin's were" is too rare to judge; nationalities are names
	// with plurals ("German's were").
	wi := r.a.dict.lookup(lw)
	if wi == nil {
		return
	}
	next := r.rawNeighbour(s, 1)
	if next < 0 {
		return
	}
	nw, ntag := r.lower[next], r.tagAt(next)
	// "the people's will", "the king's may": modals that are also nouns
	// prove nothing.
	plural := afterPluralTags[ntag] && !nounModals[nw] || subjectPronouns[nw] && r.doc.Tokens[next].Kind == analysis.KindWord || afterPluralWords[nw]
	// "he's going", "the army's fought": a contraction of is/has may stand
	// before a participle; "were" and base verbs may not.
	if ntag == "VBD" && !(nw == "were" || nw == "was") && strings.HasSuffix(nw, "ed") {
		plural = false
	}
	// A name with "'s" before a modal is an elliptical possessive ("an
	// economy like Russia's could"); only a verb proves a plural ("the
	// German's were").
	if isUpperRune(stem.Norm) && !(ntag == "VBD" || ntag == "VBP" || ntag == "VB") {
		plural = false
	}
	// "the Tsar also agree's.": a verb, with nothing after it.
	if strings.HasPrefix(r.tagAt(w), "VB") && isLowerWord(stem.Norm) && r.doc.Tokens[next].Kind != analysis.KindWord {
		plural = true
	}
	if !plural || beForms[nw] && nw != "were" && nw != "are" {
		return
	}
	fix := r.pluralOf(stem.Text)
	if fix == "" {
		return
	}
	span := analysis.Span{Start: stem.Start, End: r.doc.Tokens[s].End}
	text := r.doc.Text[span.Start:span.End]
	r.add(w, analysis.Finding{Code: CodeApostrophe, Severity: analysis.SeverityError, Span: span,
		Message:     fmt.Sprintf("“%s” needs no apostrophe here: it is not a possessive, so write “%s”.", text, fix),
		Suggestions: []string{fix}})
	r.flagged[s] = true
}

// pluralOf returns the known -s form of w (a plural, or a verb's third
// person), cased like w, or "".
func (r *run) pluralOf(w string) string {
	lw := strings.ToLower(w)
	var cands []string
	switch {
	case strings.HasSuffix(lw, "y") && len(lw) > 2 && !isVowel(lw[len(lw)-2]):
		cands = []string{lw[:len(lw)-1] + "ies"}
	case strings.HasSuffix(lw, "s") || strings.HasSuffix(lw, "sh") || strings.HasSuffix(lw, "ch") || strings.HasSuffix(lw, "x"):
		cands = []string{lw + "es"}
	default:
		cands = []string{lw + "s"}
	}
	for _, c := range cands {
		if ci := r.a.dict.lookup(c); ci != nil {
			if !ci.HasLower {
				return ci.Display
			}
			return matchCase(w, c)
		}
	}
	return ""
}

// possessiveWithout reports "his sons death": token i is the plural.
func (r *run) possessiveWithout(i int) {
	t := r.doc.Tokens[i]
	lw := r.lower[i]
	if !strings.HasSuffix(lw, "s") || strings.HasSuffix(lw, "ss") || len(lw) < 4 || nounCompounds[lw] {
		return
	}
	prev := r.neighbour(i, -1)
	capital := isUpperRune(t.Norm)
	// "his sons death", "the peoples support"; a name takes no determiner
	// ("after Richards reign"), and "the Normans" is a people, not a man.
	if capital {
		if prev >= 0 && (determinerTags[r.tagAt(prev)] || possessiveDeterminers[r.lower[prev]]) {
			return
		}
	} else if prev < 0 || !possessiveDeterminers[r.lower[prev]] {
		return
	}
	next := r.neighbour(i, 1)
	if next < 0 {
		return
	}
	nt := r.doc.Tokens[next]
	if nt.Tag != "NN" || !isLowerWord(nt.Norm) || strings.HasSuffix(r.lower[next], "s") || r.flagged[next] {
		return
	}
	// The clause must go on with a verb, a preposition or punctuation: "the
	// peoples support was", "his sons death in".
	after := r.rawNeighbour(next, 1)
	if after >= 0 {
		at := r.doc.Tokens[after]
		if at.Kind == analysis.KindWord && (strings.HasPrefix(at.Tag, "NN") || at.Tag == "JJ" || at.Tag == "POS") {
			return
		}
		// A possessive's noun is singular: "the effects computer have" is
		// a plural subject whose verb agrees with it, not "effect's".
		if at.Tag == "VBP" || r.lower[after] == "were" {
			return
		}
		// "and" or "or" joins two nouns after a possessive ("the buildings
		// structure and foundation") but two clauses after a subject and
		// its verb ("the snows melt and the geese return", "their backs
		// bent and they"): unless a noun follows, the second word may be
		// the verb, and the plural its subject.
		if coordinators[r.lower[after]] {
			// A word in -ing after it is a verb's ("your kids round or
			// seeing"), whatever the tagger calls it.
			if n2 := r.neighbour(after, 1); n2 < 0 || !isNounTag(r.tagAt(n2)) || strings.HasSuffix(r.lower[n2], "ing") {
				return
			}
		}
	}
	stem := lw[:len(lw)-1]
	if lw == "peoples" {
		stem = "people"
	}
	si := r.a.dict.lookup(stem)
	switch {
	case capital:
		// "Richards reign": a name the lexicon knows, not a word.
		if si == nil || si.HasLower || !si.Name || r.a.dict.lookup(lw) != nil && r.a.dict.lookup(lw).HasLower {
			return
		}
	case t.Tag != "NNS" || si == nil || !si.HasLower || si.Tier > tierCommon:
		return
	}
	// The pair must not be a compound the corpus knows as one ("the
	// workers movement" is arguable; "the parents evening" is a name).
	fix := t.Text[:len(stem)] + "'s"
	if lw == "peoples" {
		fix = t.Text[:len("people")] + "'s"
	}
	r.add(i, analysis.Finding{Code: CodeApostrophe, Severity: analysis.SeverityError, Span: t.Span,
		Message:     fmt.Sprintf("“%s %s” looks like a possessive: “%s %s”.", t.Text, nt.Text, fix, nt.Text),
		Suggestions: []string{fix, t.Text + "'"}})
}

func isLowerWord(w string) bool { return w != "" && strings.ToLower(w) == w }
