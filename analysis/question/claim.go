package question

import (
	"regexp"
	"strings"
)

// claimCommands are the commands that put a proposition to the student.
var claimCommands = map[string]bool{
	"how-far-agree": true, "assess-validity": true, "how-accurate": true,
	"to-what-extent": true, "how-far-support": true, "how-do-you-know": true, "": true,
}

// claim returns the proposition the question asks the student to judge:
// the one it states, else, for "To what extent…"/"How far…" questions and
// "Was X the main reason…?", the question turned into a statement.
func (l *layout) claim(cmd string) string {
	if !claimCommands[cmd] {
		return ""
	}
	if c := l.statedClaim(); c != "" {
		return c
	}
	if cmd == "how-do-you-know" {
		return l.attitudeClaim()
	}
	if cmd == "to-what-extent" {
		return l.invertedClaim()
	}
	return ""
}

// claimThat introduces a claim inside the question's own sentence.
var claimThat = regexp.MustCompile(`(?i)\b(?:how accurate is it to (?:say|argue|claim|suggest)|how accurate (?:is|are) the (?:view|claim|statement|suggestion|idea|argument|interpretation)|how (?:far|much) (?:do|would|should|can) you agree(?: with the (?:view|claim|statement|opinion|idea|suggestion|interpretation|argument|judgement))?|to what extent (?:do|would) you agree(?: with the (?:view|claim|statement|opinion|idea|suggestion|interpretation|argument|judgement))?|do you agree(?: with the (?:view|claim|statement|idea))?|(?:assess|evaluate|consider|discuss|examine|analyse|analyze) the (?:view|claim|argument|interpretation|statement|suggestion|idea|opinion|assertion|judgement)|how (?:valid|convincing|fair|justified|accurate) (?:is|do you find) (?:the|this) (?:view|claim|argument|interpretation|statement|suggestion|idea|judgement|assessment)|how (?:valid|convincing|fair|justified|true) is it to (?:say|argue|claim|suggest)|(?:how far|to what extent) is it (?:true|fair|accurate|valid) to (?:say|argue|claim|suggest)|(?:how far|to what extent) (?:(?:do|does|did) )?[^?.]{1,60}? support the (?:view|claim|argument|interpretation|idea|statement|suggestion))\s+that\s+(.+)$`)

// statedClaim is the claim the question states in words: a quotation that
// stands as a sentence, or a clause after "…agree that", "…the view that".
func (l *layout) statedClaim() string {
	if q := l.quote(); q != "" {
		return q
	}
	for _, sg := range l.segs {
		if sg.kind != segQuestion {
			continue
		}
		t := sg.text
		// A quotation after the command: "…the following statement?
		// 'Hitler's foreign policy followed a clear plan.'"
		if end := strings.TrimRight(t, ".?!"); len(end) > 1 && isQuoteMark(t[0]) && isQuoteMark(end[len(end)-1]) && len(strings.Fields(t)) >= 3 {
			return trimClaim(t)
		}
		if m := claimThat.FindStringSubmatch(t); m != nil {
			return trimClaim(m[1])
		}
	}
	return ""
}

// attitudeRe is the statement a "How do you know?" question asks the
// student to demonstrate: "Source A is critical of the League of Nations."
var attitudeRe = regexp.MustCompile(`(?i)^(?:(?:source|interpretation|extract|cartoon|document) [a-h0-9]+|this (?:source|cartoon|poster|photograph)) (?:is|was|are|were|seems) (?:\w+ )?(?:critical|supportive|sympathetic|hostile|positive|negative|favourable|unfavourable|in favour|opposed|optimistic|pessimistic|proud|mocking|against|for)\b`)

func (l *layout) attitudeClaim() string {
	for _, s := range l.sentences() {
		if attitudeRe.MatchString(s) {
			return trimClaim(s)
		}
	}
	return ""
}

var (
	// "To what extent was X the main reason…", "How far did X change…".
	extentInversion = regexp.MustCompile(`(?i)^(?:.*?\b)?(?:to what extent|how far|to what degree)\s+(was|were|is|are|had|has|have|did|does|do|can|could|should|would|will|might|may)\s+(.+?)\s*[?.!]*$`)
	// "Was the weakness of X the main reason…?", "Has war been the main factor…?"
	yesNoInversion = regexp.MustCompile(`(?i)^(was|were|is|are|had|has|have|did|does|do)\s+(.+?)\s*[?.!]*$`)
)

// invertedClaim turns the question into the statement it asks about.
func (l *layout) invertedClaim() string {
	for _, s := range l.sentences() {
		m := extentInversion.FindStringSubmatch(s)
		if m == nil {
			m = yesNoInversion.FindStringSubmatch(s)
		}
		if m == nil {
			continue
		}
		if c := invert(strings.ToLower(m[1]), m[2]); c != "" {
			return c
		}
	}
	return ""
}

// invert puts the auxiliary of an inverted question back after its subject:
// ("was", "the weakness of his rivals the main reason…") → "the weakness of
// his rivals was the main reason…"; ("did", "Thatcher's governments
// transform the economy") → "Thatcher's governments transformed the
// economy". It returns "" when it cannot tell where the subject ends.
func invert(aux, rest string) string {
	words := strings.Fields(rest)
	if len(words) < 2 {
		return ""
	}
	switch aux {
	case "did", "does", "do":
		k := verbIndex(words)
		if k < 1 {
			return ""
		}
		verb := inflect(words[k], aux)
		return joinWords(words[:k]) + " " + verb + tail(words, k+1)
	case "can", "could", "should", "would", "will", "might", "may":
		k := verbIndex(words)
		if k < 1 {
			return ""
		}
		return joinWords(words[:k]) + " " + aux + " " + joinWords(words[k:])
	}
	k := predicateIndex(words)
	if k < 1 {
		return ""
	}
	return joinWords(words[:k]) + " " + aux + " " + joinWords(words[k:])
}

func joinWords(ws []string) string { return strings.Join(ws, " ") }

func tail(ws []string, from int) string {
	if from >= len(ws) {
		return ""
	}
	return " " + joinWords(ws[from:])
}

// bare lower-cases a word and strips the punctuation around it.
func bare(w string) string {
	return strings.ToLower(strings.Trim(w, `.,;:?!'"()`))
}

// attributive reports whether a word before a candidate makes it part of a
// noun phrase: "the failed coup", "Stalin's rise", "of limited reform".
func attributive(prev string) bool {
	p := bare(prev)
	if determiners[p] || prepositions[p] {
		return true
	}
	return strings.HasSuffix(prev, "'s") || strings.HasSuffix(prev, "s'")
}

// verbIndex finds the main verb after the subject of "did X V…": the first
// known verb not used as a noun ("the Nazis' control of", "Stalin's rise"),
// else the first lower-case word placed as a verb is (see looseVerbIndex).
func verbIndex(words []string) int {
	if k := knownVerbIndex(words); k > 0 {
		return k
	}
	return looseVerbIndex(words)
}

func knownVerbIndex(words []string) int {
	for k := 1; k < len(words); k++ {
		w := words[k]
		lw := bare(w)
		if lw == "" || w != strings.ToLower(w) {
			continue
		}
		if !baseVerbs[lw] && !auxBase[lw] {
			continue
		}
		if attributive(words[k-1]) {
			continue
		}
		if k+1 < len(words) && bare(words[k+1]) == "of" {
			continue
		}
		return k
	}
	return -1
}

// looseVerbIndex finds a verb it does not know by where it stands: a
// lower-case word after the subject's noun (not after an article,
// possessive or preposition) and before an object or a preposition ("did
// the reforms of 1906–11 mark a new approach").
func looseVerbIndex(words []string) int {
	for k := 1; k+1 < len(words); k++ {
		w := words[k]
		lw := bare(w)
		if lw == "" || w != strings.ToLower(w) || stopwords[lw] || hasDigit(lw) || strings.HasSuffix(lw, "ly") {
			continue
		}
		if attributive(words[k-1]) || strings.HasSuffix(words[k-1], ",") {
			continue
		}
		next := bare(words[k+1])
		if next == "of" {
			continue
		}
		if determiners[next] || prepositions[next] || strings.HasSuffix(words[k+1], "'s") {
			return k
		}
	}
	return -1
}

// auxBase are the base forms that follow "can X…": "can the years 1929–41
// be seen as…".
var auxBase = set("be", "have")

// predicateIndex finds where the predicate of "was X Y" starts: "a", "the
// main…", "responsible", "due", an adverb in -ly, a participle.
func predicateIndex(words []string) int {
	for k := 1; k < len(words); k++ {
		w, prev := words[k], words[k-1]
		lw := bare(w)
		if lw == "" || w != strings.ToLower(w) && k > 0 {
			continue
		}
		pp := bare(prev)
		switch {
		case lw == "a" || lw == "an":
			if !prepositions[pp] && !determiners[pp] && pp != "and" && pp != "or" {
				return k
			}
		case lw == "the":
			if k+1 < len(words) && predicateNounHeads[bare(words[k+1])] && !prepositions[pp] && pp != "and" && pp != "or" {
				return k
			}
		case lw == "in" && k+1 < len(words) && stateNouns[bare(words[k+1])]:
			// "was Philip II's Spain in decline"
			return k
		case predicateWords[lw]:
			if !attributive(prev) {
				return k
			}
		case len(lw) > 4 && strings.HasSuffix(lw, "ly") && !notAdverbs[lw]:
			if !attributive(prev) {
				return k
			}
		case participle(lw):
			if !attributive(prev) && !adjectiveLike(pp) {
				return k
			}
		}
	}
	return -1
}

// adjectiveLike reports words that sit before a participle inside a noun
// phrase ("the newly elected").
func adjectiveLike(w string) bool { return strings.HasSuffix(w, "ly") && len(w) > 4 }

func participle(w string) bool {
	if irregularParticiples[w] {
		return true
	}
	return len(w) >= 5 && strings.HasSuffix(w, "ed") && !notParticiples[w]
}

// inflect puts a verb after "did" into the past tense, after "does" into
// the third person; "do" keeps the base form.
func inflect(verb, aux string) string {
	lw := strings.ToLower(verb)
	switch aux {
	case "do":
		return verb
	case "does":
		switch {
		case lw == "have":
			return "has"
		case lw == "do" || lw == "go":
			return lw + "es"
		case strings.HasSuffix(lw, "y") && len(lw) > 2 && !strings.ContainsRune("aeiou", rune(lw[len(lw)-2])):
			return lw[:len(lw)-1] + "ies"
		case strings.HasSuffix(lw, "s") || strings.HasSuffix(lw, "x") || strings.HasSuffix(lw, "z") || strings.HasSuffix(lw, "ch") || strings.HasSuffix(lw, "sh"):
			return lw + "es"
		}
		return lw + "s"
	}
	if p, ok := irregularPast[lw]; ok {
		return p
	}
	switch {
	case doubleFinal[lw]:
		return lw + lw[len(lw)-1:] + "ed"
	case strings.HasSuffix(lw, "e"):
		return lw + "d"
	case strings.HasSuffix(lw, "y") && len(lw) > 2 && !strings.ContainsRune("aeiou", rune(lw[len(lw)-2])):
		return lw[:len(lw)-1] + "ied"
	}
	return lw + "ed"
}

func isQuoteMark(c byte) bool { return c == '\'' || c == '"' }
