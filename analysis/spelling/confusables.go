package spelling

import (
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// The confusable-word rules fire only where the neighbouring words leave no
// real doubt: a missed confusion costs a student less than a false one.

var (
	modals = set("would", "could", "should", "must", "might", "may", "will", "shall", "can")
	// haveModals are the modals whose "'ve" sounds like "of" ("would've",
	// "must've"). "will of" and "can of" are nouns in history essays: "the
	// will of the people", "a can of paraffin".
	haveModals = set("would", "could", "should", "must", "might", "may")
	// beAfterThere are verbs that follow "there" ("there is") but never
	// "their".
	beAfterThere = set("is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "should",
		"may", "might", "must", "seems", "seemed", "appears", "appeared", "remained", "exists", "existed")
	// willBe: after "their will", only these show "will" is the verb.
	verbAfterWill = set("be", "have", "not", "never", "always", "soon", "still")
	// afterPossessiveVerb: verbs after which "there" + noun is surely "their".
	notPossessiveVerbs = set("is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had",
		"do", "does", "did", "get", "got", "go", "went", "goes", "come", "came", "stay", "stayed", "live", "lived",
		"remain", "remained", "sent", "send", "moved", "arrived", "put", "stand", "stood", "seem", "seemed")
	possessiveAfterPrep = set("of", "with", "for", "against", "by", "about", "despite", "towards", "toward", "among", "under", "into")
	// adverbialNouns may follow "there" as adverbs ("there today").
	adverbialNouns = set("today", "tomorrow", "yesterday", "tonight", "now", "yet", "again", "anymore", "once",
		"twice", "instead", "alone", "together", "first", "last", "too", "either", "long", "each", "all", "both",
		"years", "months", "weeks", "days", "time", "times", "year", "month", "week", "day")
	itsMeansItIs = set("a", "an", "the", "not", "been", "being", "because", "going", "hardly", "clearly", "also",
		"like", "something", "nothing", "just", "really", "very", "so", "only", "still", "about", "probably",
		"always", "never", "too", "easier", "harder", "better", "worse")
	itsAdjective = set("clear", "obvious", "evident", "apparent", "true", "likely", "unlikely", "important",
		"possible", "impossible", "difficult", "hard", "easy", "necessary", "essential", "fair")
	itsNounExceptions = set("time", "worth", "nothing", "something", "everything", "anything", "okay", "ok")
	affectBefore      = set("a", "an", "the", "its", "their", "his", "her", "our", "little", "no", "any", "great",
		"significant", "profound", "lasting", "major", "big", "huge", "positive", "negative", "main", "biggest",
		"greatest", "immediate", "direct", "considerable", "limited", "devastating", "real", "some", "much",
		"important", "dramatic", "short-term", "long-term", "knock-on", "economic", "political", "social")
	effectVerbBefore = set("will", "would", "could", "can", "may", "might", "should", "must", "did", "does", "do",
		"not", "n't", "to")
	effectedBefore = set("was", "were", "been", "be", "is", "are", "being", "badly", "greatly", "directly",
		"severely", "deeply", "heavily", "negatively", "adversely", "particularly", "seriously", "most", "worst")
	beForms = set("was", "were", "been", "be", "is", "are", "being")
	// objectTags: after "will effect", a person or a name shows the verb
	// meant is "affect"; "will effect the change" is correct.
	objectTags = set("PRP", "NNP", "NNPS")
	loseBefore = set("to", "will", "would", "could", "can", "may", "might", "should", "must", "did", "not", "n't",
		"cannot", "never")
	losingBefore   = set("was", "were", "is", "are", "been", "be", "'m", "'re", "am", "began", "started", "kept")
	comparatives   = set("more", "less", "fewer", "rather", "other", "better", "worse", "greater", "larger", "smaller", "higher", "lower", "stronger", "weaker")
	determinerTags = set("DT", "PRP$")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// neighbour returns the index of the nearest word or number token before
// (dir -1) or after (dir +1) token i in the same sentence, or -1.
func (r *run) neighbour(i, dir int) int {
	if i < 0 {
		return -1
	}
	sent := r.doc.Sentences[r.doc.Tokens[i].Sentence].Tokens
	for j := i + dir; j >= sent.Start && j < sent.End; j += dir {
		switch r.doc.Tokens[j].Kind {
		case analysis.KindWord, analysis.KindNumber:
			return j
		case analysis.KindPunct:
			return -1
		}
	}
	return -1
}

func (r *run) lowerAt(j int) string {
	if j < 0 {
		return ""
	}
	return r.lower[j]
}

func (r *run) tagAt(j int) string {
	if j < 0 {
		return ""
	}
	return r.doc.Tokens[j].Tag
}

func isNounTag(tag string) bool { return tag == "NN" || tag == "NNS" }

// confusable adds a finding over tokens [from, to] suggesting fix.
func (r *run) confusable(from, to int, fix, why string) {
	if r.flagged[from] {
		return
	}
	span := analysis.Span{Start: r.doc.Tokens[from].Start, End: r.doc.Tokens[to].End}
	text := r.doc.Text[span.Start:span.End]
	fix = matchCase(text, fix)
	r.add(from, analysis.Finding{Code: CodeConfusable, Severity: analysis.SeverityError, Span: span,
		Message:     fmt.Sprintf("“%s” should be “%s” here: %s", text, fix, why),
		Suggestions: []string{fix}})
}

func (r *run) confusables(i int) {
	t := r.doc.Tokens[i]
	if t.Kind != analysis.KindWord {
		return
	}
	w := r.lower[i]
	if noun, ok := nounForVerb[w]; ok {
		r.verbAsNoun(i, noun)
		return
	}
	switch w {
	case "of", "their", "there", "its", "'s", "affect", "affects", "effect", "effects", "effected", "loose",
		"loosing", "principle", "principal", "principals", "then", "your", "to", "were", "are", "patience", "moral":
	default:
		return
	}
	prev, next := r.neighbour(i, -1), r.neighbour(i, 1)
	pw, nw := r.lowerAt(prev), r.lowerAt(next)
	switch w {
	case "of":
		// "would of" for "would've".
		if haveModals[pw] && nw != "course" {
			r.confusable(prev, i, r.doc.Tokens[prev].Norm+" have", "after a verb like this, the word is “have” (“would’ve” sounds like “would of”).")
		} else if pw == "n't" && haveModals[r.lowerAt(r.neighbour(prev, -1))] && nw != "course" {
			p2 := r.neighbour(prev, -1)
			r.confusable(p2, i, r.doc.Tokens[p2].Norm+"n't have", "after a verb like this, the word is “have”.")
		}
	case "their":
		// "their will to fight" and "their may" (the month) are nouns.
		if beAfterThere[nw] && (nw != "will" && nw != "may" || verbAfterWill[r.lowerAt(r.neighbour(next, 1))]) {
			r.confusable(i, i, "there", "“their” means “belonging to them”; “there is/was” uses “there”.")
		}
	case "there":
		if r.theyAre(i, prev, next) {
			r.confusable(i, i, "they're", "“they’re” is short for “they are”; “there” is a place.")
			return
		}
		if next < 0 || prev < 0 || adverbialNouns[nw] {
			return
		}
		// The tagger often takes the word after "there" for a verb ("lost
		// there land"), so any content-word tag counts.
		ptag, ntag := r.tagAt(prev), r.tagAt(next)
		verbBefore := strings.HasPrefix(ptag, "VB") && !notPossessiveVerbs[pw]
		// "sit there looking": a participle after "there" is an adverb's.
		contentAfter := isNounTag(ntag) || ntag == "VB" || ntag == "VBP" || ntag == "VBG" && !verbBefore || ntag == "JJ"
		if nw == "own" || (contentAfter && !beAfterThere[nw] && (verbBefore || possessiveAfterPrep[pw] && isNounTag(ntag))) {
			r.confusable(i, i, "their", "“their” means “belonging to them”; “there” is a place.")
		}
	case "its":
		nn := r.neighbour(next, 1)
		// "its called 'Alex'": a participle with no noun after it.
		participle := r.tagAt(next) == "VBN" && !strings.HasPrefix(r.tagAt(nn), "NN") && r.tagAt(nn) != "JJ"
		if itsMeansItIs[nw] || participle || itsAdjective[nw] && (r.lowerAt(nn) == "that" || r.lowerAt(nn) == "to") {
			r.confusable(i, i, "it's", "“it’s” is short for “it is”; “its” means “belonging to it”.")
		}
	case "'s":
		// "it's" split by the tokenizer: "it" + "'s".
		if t.SpaceBefore || i == 0 || r.lower[i-1] != "it" {
			return
		}
		itIdx := i - 1
		before := r.neighbour(itIdx, -1)
		if nw == "own" || (isNounTag(r.tagAt(next)) && !itsNounExceptions[nw] &&
			(r.tagAt(before) == "IN" || strings.HasPrefix(r.tagAt(before), "VB")) && !notPossessiveVerbs[r.lowerAt(before)] &&
			r.lowerAt(before) != "that" && r.lowerAt(before) != "because" && r.lowerAt(before) != "if") {
			r.confusable(itIdx, i, "its", "“its” means “belonging to it”; “it’s” is short for “it is”.")
		}
	case "affect", "affects":
		if affectBefore[pw] && !modals[pw] {
			r.confusable(i, i, "e"+w[1:], "the noun is “effect”; “affect” is the verb.")
		}
	case "effect", "effects":
		if effectVerbBefore[pw] && pw != "to" && objectTags[r.tagAt(next)] {
			r.confusable(i, i, "a"+w[1:], "the verb meaning “to influence” is “affect”; “effect” is usually the noun.")
		}
	case "effected":
		if effectedBefore[pw] && (nw == "by" || !beForms[pw]) {
			r.confusable(i, i, "affected", "“affected” means “influenced”; “effected” means “brought about”.")
		}
	case "loose":
		// "was not loose" is the adjective.
		if loseBefore[pw] && nw != "from" && !((pw == "not" || pw == "n't" || pw == "never") && beForms[r.lowerAt(r.neighbour(prev, -1))]) {
			r.confusable(i, i, "lose", "“lose” is the opposite of “win” or “keep”; “loose” means “not tight”.")
		}
	case "loosing":
		if losingBefore[pw] || determinerTags[r.tagAt(next)] {
			r.confusable(i, i, "losing", "“losing” is from “lose”; “loosing” means “setting free”.")
		}
	case "principle":
		if determinerTags[r.tagAt(prev)] && isNounTag(r.tagAt(next)) && nw != "that" && nw != "of" {
			r.confusable(i, i, "principal", "“principal” means “main”; a “principle” is a rule or belief.")
		}
	case "principal", "principals":
		if nw == "of" && !determinerTags[r.tagAt(r.neighbour(next, 1))] && r.neighbour(next, 1) >= 0 {
			r.confusable(i, i, "principle"+w[len("principal"):], "a “principle” is a rule or belief; “principal” means “main”.")
		}
	case "your":
		// "your not", "your the best", "your on the computer".
		if youAreNext[nw] && r.doc.Tokens[next].Kind == analysis.KindWord {
			r.confusable(i, i, "you're", "“you’re” is short for “you are”; “your” means “belonging to you”.")
		}
	case "to":
		r.tooCheck(i, prev, next)
	case "were":
		// "the town were he was born", "this is were": "where".
		n2 := r.neighbour(next, 1)
		afterComma := i > 0 && r.doc.Tokens[i-1].Norm == "," && r.doc.Tokens[i-1].Sentence == t.Sentence
		pronounVerb := subjectPronouns[nw] && strings.HasPrefix(r.tagAt(n2), "VB") && r.tagAt(n2) != "VBG" && r.tagAt(n2) != "VBN" &&
			(prev >= 0 && (isNounTag(r.tagAt(prev)) || r.tagAt(prev) == "NNP" || r.tagAt(prev) == "RB") || afterComma)
		if pronounVerb || (pw == "is" || pw == "was" || pw == "'s") && prev >= 0 {
			r.confusable(i, i, "where", "“where” is about a place; “were” is a form of “be”.")
		}
	case "are":
		// "of are lives", "would are": "are" never follows a preposition
		// or a modal.
		if (ourAfter[pw] || modals[pw]) && (isNounTag(r.tagAt(next)) || r.tagAt(next) == "JJ") && next >= 0 {
			r.confusable(i, i, "our", "“our” means “belonging to us”; “are” is a form of “be”.")
		}
	case "moral":
		// "the moral of the army", "moral was low": morale, the spirit of
		// a group; "the moral of the story" is a lesson.
		n2 := r.lowerAt(r.neighbour(next, 1))
		if n2 == "the" {
			n2 = r.lowerAt(r.neighbour(r.neighbour(next, 1), 1))
		}
		if determinerTags[r.tagAt(prev)] && (moraleVerbs[nw] || nw == "of" && moraleGroups[n2] || nw == "among" || nw == "in") {
			r.confusable(i, i, "morale", "“morale” is a group’s confidence and spirit; a “moral” is a lesson.")
		}
	case "patience":
		if (beForms[pw] || pw == "very" || pw == "so" || pw == "more") && nw != "of" {
			r.confusable(i, i, "patient", "“patient” describes a person; “patience” is the quality.")
		}
	case "then":
		p2 := r.lowerAt(r.neighbour(prev, -1))
		moreAdj := (p2 == "more" || p2 == "less") && (r.tagAt(prev) == "JJ" || r.tagAt(prev) == "RB")
		if comparatives[pw] || moreAdj || r.tagAt(prev) == "JJR" || r.tagAt(prev) == "RBR" {
			r.confusable(i, i, "than", "comparisons use “than”; “then” is about time.")
		}
	}
}

// youAreNext are words after which "your" must be "you're".
var youAreNext = set("not", "going", "a", "an", "the", "so", "very", "really", "just", "always", "never", "still",
	"on", "at", "doing", "getting", "trying", "welcome", "right", "wrong", "able", "probably", "only", "too")

// ourAfter are prepositions after which "are" must be "our".
var ourAfter = set("of", "for", "with", "in", "on", "about", "from", "by", "into", "at", "against")

// theyAre reports "there" used for "they're": before "not" or a present
// participle ("there not looking", "there going to lose"), or an adverb and
// one ("there just eating"), when it is not an adverb after a verb ("sit
// there looking") or a preposition ("from there") and not "there being".
func (r *run) theyAre(i, prev, next int) bool {
	if next < 0 {
		return false
	}
	if prev >= 0 {
		pt := r.tagAt(prev)
		if strings.HasPrefix(pt, "VB") || pt == "RP" || pt == "TO" || beForms[r.lower[prev]] || placeAdverbs[r.lower[prev]] ||
			pt == "IN" && !subordinators[r.lower[prev]] {
			return false
		}
	}
	nw := r.lower[next]
	participle := func(j int) bool {
		return j >= 0 && r.tagAt(j) == "VBG" && r.lower[j] != "being" && strings.HasSuffix(r.lower[j], "ing")
	}
	switch {
	case nw == "not" && r.doc.Tokens[next].Kind == analysis.KindWord:
		return true
	case participle(next):
		return true
	case theyAreAdverbs[nw]:
		return participle(r.neighbour(next, 1))
	}
	return false
}

var subordinators = set("because", "if", "while", "when", "as", "since", "although", "though", "that", "so",
	"unless", "until", "whether", "after", "before")

var placeAdverbs = set("over", "out", "in", "up", "down", "here", "back", "around", "near", "from", "get", "got")

var theyAreAdverbs = set("just", "really", "always", "never", "still", "probably", "all", "also", "only")

// tooCheck reports "to" for "too": "to much" (not "to much of"), "to many"
// with no noun after it, and "to" before an adjective that ends the clause
// or leads to "to"/"for" ("to young to be", "to serious for").
func (r *run) tooCheck(i, prev, next int) {
	if next < 0 || r.doc.Tokens[next].Kind != analysis.KindWord {
		return
	}
	nw := r.lower[next]
	after := r.rawNeighbour(next, 1)
	aw, atag := "", ""
	if after >= 0 {
		aw, atag = r.lower[after], r.doc.Tokens[after].Tag
	}
	clauseEnd := after < 0 || r.doc.Tokens[after].Kind == analysis.KindPunct
	switch {
	case nw == "much":
		if aw == "of" || atag == "DT" || atag == "PRP$" || atag == "CD" || aw == "more" || aw == "less" {
			return
		}
	case nw == "many":
		if !clauseEnd && aw != "to" && aw != "for" {
			return
		}
	case r.tagAt(next) == "JJ" && tooAdjectives[nw]:
		if !clauseEnd && aw != "to" && aw != "for" {
			return
		}
	default:
		return
	}
	r.confusable(i, i, "too", "“too” means “more than enough” or “also”; “to” goes with a verb or a place.")
}

// tooAdjectives are adjectives students write after "to" for "too"; a
// closed list keeps "to" before an adjective in a name ("to Great Britain")
// or an idiom alone.
var tooAdjectives = set("young", "old", "late", "early", "big", "small", "hard", "easy", "long", "short",
	"serious", "expensive", "cheap", "high", "low", "far", "close", "weak", "strong", "slow", "fast", "busy",
	"lazy", "tired", "powerful", "dangerous", "difficult", "bad", "good", "little", "few", "great", "harsh",
	"radical", "extreme", "severe", "quick", "soon", "heavy", "complicated", "risky", "ambitious")

var moraleVerbs = set("was", "were", "is", "are", "had", "has", "fell", "rose", "collapsed", "remained", "sank",
	"dropped", "improved", "low", "high", "broke", "began")

// moraleGroups are the groups whose morale an essay talks about.
var moraleGroups = set("army", "armies", "troops", "soldiers", "men", "navy", "sailors", "crew", "nation", "people",
	"public", "population", "workers", "forces", "country", "civilians", "citizens", "peasants", "rebels", "garrison")

// nounForVerb pairs verb forms with the nouns students write them for: "the
// thrown", "the extend to which", "his advise".
var nounForVerb = map[string]string{"thrown": "throne", "extend": "extent", "advise": "advice",
	"prophesy": "prophecy", "devise": "device", "breathe": "breath", "descendent": "descendant"}

// verbAsNoun reports a verb form where a determiner and what follows show
// a noun was meant: "took the thrown in 1066", "the extend to which".
func (r *run) verbAsNoun(i int, noun string) {
	// "the Devise" (Edward VI's plan for the succession) is a name.
	if isUpperRune(r.doc.Tokens[i].Norm) && !r.sentenceInitial(i) {
		return
	}
	prev, next := r.neighbour(i, -1), r.rawNeighbour(i, 1)
	if prev < 0 || !determinerTags[r.tagAt(prev)] && r.lower[prev] != "a" && r.lower[prev] != "an" {
		return
	}
	if next >= 0 {
		nt := r.doc.Tokens[next]
		// "the thrown stone": an adjective before its noun.
		if nt.Kind == analysis.KindWord && (strings.HasPrefix(nt.Tag, "NN") || nt.Tag == "JJ") {
			return
		}
	}
	r.confusable(i, i, noun, fmt.Sprintf("after “%s” this is a noun: “%s”.", r.doc.Tokens[prev].Text, noun))
}
