package question

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// factorAndFocus finds the factor the question sets to be weighed and what
// it is weighed against (or what the sources are read for).
func (l *layout) factorAndFocus(cmd, claim string) (factor, focus string) {
	text := l.commandText()
	if claim != "" {
		factor, focus = l.fromClaim(claim)
	}
	switch cmd {
	case "how-significant":
		if f, fo := significance(text); f != "" || fo != "" {
			factor, focus = l.actor(f), fo
		}
	case "which-more-important":
		focus = whichFocus(text)
	case "consequences":
		if m := consequencesOf.FindStringSubmatch(text); m != nil {
			focus = trimFocus(m[1])
		}
	case "how-do-you-know":
		if m := attitudeObject.FindStringSubmatch(claim); m != nil {
			focus = trimFocus(m[1])
		}
	}
	// What sources and extracts are to be read for outranks what a claim
	// implies: the enquiry is what the answer is judged against.
	if e := enquiry(l); e != "" {
		focus = e
	}
	return tidyFactor(factor), focus
}

var (
	// "The main reason for X was Y", "The main reason William won was Y".
	reasonFirst = regexp.MustCompile(`(?i)^(?:the )?(?:single )?(?:main|most important|most significant|chief|key|principal|primary|real|biggest|greatest|underlying|fundamental) (?:reason|cause|factor|motive|explanation)(?: (for|of|behind|why))? (.+) (?:was|were) (.+)$`)
	// "X was the main reason for Y": X is the factor; what follows the
	// reason word is the focus.
	subjectFactor = regexp.MustCompile(`(?i)^(.+?) (?:was|were|is|are|had been|has been|have been|remained|proved|became) (?:(?:by far|probably|certainly|clearly) )?(?:(?:the|a|an) )?(?:single )?(?:most [a-z]+|main|principal|primary|chief|key|decisive|greatest|biggest|major|crucial|fundamental|central|dominant|overriding|underlying|real|prime|essential|vital|most) (reasons?|causes?|factors?|motives?|explanations?|influences?|forces?|individuals?|figures?|persons?|turning points?|developments?|threats?|obstacles?|driving forces?)\b ?(?:(for|of|behind|on|in|to|why) )?(.*)$`)
	// "X was mainly responsible for Y" (not "more responsible than").
	responsible = regexp.MustCompile(`(?i)^(.+?) (?:was|were|is|are|had been|has been) (?:(?:mainly|largely|primarily|chiefly|mostly|principally|solely|entirely|partly|wholly|most|directly|personally) )?(?:responsible|to blame) for (.+)$`)
	// "X was due to Y", "X succeeded mainly because of Y", "X owed more to
	// Y than to Z".
	objectFactor = regexp.MustCompile(`(?i)^(.+?)(?: (?:was|were|is|are|had been|has been))?(?: (?:mainly|largely|primarily|chiefly|mostly|principally|solely|entirely|partly|only|simply|more|most|much|essentially|fundamentally|ultimately))? (?:due (?:more |mainly |largely |primarily |chiefly |mostly |most |entirely )?to|because of|caused (?:mainly |largely |primarily |chiefly |mostly |more )?by|the (?:result|product|consequence|work) of|a (?:result|product|consequence) of|explained by|owed (?:more |much |most |mainly |largely |less )?to|driven (?:mainly |largely |primarily |chiefly |mostly |more )?by|brought about by|motivated (?:mainly |largely |primarily |chiefly |mostly |more )?by|down to|attributed to|dependent on|reliant on|based on|determined by) (.+)$`)
	// "X came to power because Lenin failed to plan…": a failure named in
	// the reason becomes "Lenin's failure to plan…".
	becauseFailed = regexp.MustCompile(`(?i)^(.+?) because (?:of )?((?:the )?[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}|(?:the|his|her|their|its) [a-z][\w'-]*(?: of (?:the )?[\w'-]+)?) (failed|refused) to (.+)$`)
	because       = regexp.MustCompile(`(?i)^(.+?),?(?: (?:mainly|largely|partly|chiefly|primarily|simply|only|principally|mostly))? because (.+)$`)
	thanTo        = regexp.MustCompile(`(?i),? (?:rather )?than (?:to |on |by |of )?.*$`)
)

// fromClaim reads the factor and focus out of a claim.
func (l *layout) fromClaim(c string) (factor, focus string) {
	lc := strings.ToLower(c)
	causal := anyIn(lc, "reason", "cause", "factor", "motive", "explanation")
	if m := match(reasonFirst, c, causal); m != nil {
		// Split at the last "was": "The main reason why the Tsar was
		// overthrown was the war".
		body := m[2] + " was " + m[3]
		if i := lastCopula(body); i > 0 {
			x, y := body[:i], body[i:]
			y = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(y), "was "), "were "))
			if m[1] != "" && strings.EqualFold(m[1], "why") {
				x = "why " + x
			}
			focus = trimFocus(x)
			if nounPhrase(y) {
				factor = y
			}
			return l.actor(factor), focus
		}
	}
	if m := match(subjectFactor, c, anyIn(lc, "most", "main", "principal", "primary", "chief", "key", "decisive", "great", "big", "major", "crucial", "fundamental", "central", "dominant", "overriding", "underlying", "real", "prime", "essential", "vital")); m != nil {
		rest := m[4]
		switch {
		case strings.EqualFold(m[3], "why"):
			rest = "why " + rest
		case m[3] == "" && !reasonHead(m[2]):
			// "the most serious threat Elizabeth faced": a relative
			// clause, not what the factor is weighed against.
			rest = ""
		}
		return l.actor(m[1]), trimFocus(rest)
	}
	if m := match(responsible, c, anyIn(lc, "responsible", "blame")); m != nil && !strings.HasPrefix(strings.ToLower(m[2]), "than ") {
		return l.actor(m[1]), trimFocus(m[2])
	}
	if m := match(becauseFailed, c, anyIn(lc, "failed", "refused")); m != nil {
		who := strings.TrimSpace(m[2])
		noun := "failure"
		if strings.EqualFold(m[3], "refused") {
			noun = "refusal"
		}
		return possessive(who) + " " + noun + " to " + m[4], trimFocus(m[1])
	}
	if m := match(objectFactor, c, anyIn(lc, "due", "because", "caused", "result", "product", "consequence", "work of", "explained", "owed", "driven", "brought", "motivated", "down to", "attributed", "dependent", "reliant", "based", "determined")); m != nil {
		f := thanTo.ReplaceAllString(m[2], "")
		return l.actor(f), trimFocus(m[1])
	}
	if m := match(because, c, strings.Contains(lc, "because")); m != nil {
		return "", trimFocus(m[1])
	}
	return "", ""
}

// match runs re on s when worth it: ok is a cheap test that the words re
// needs are there.
func match(re *regexp.Regexp, s string, ok bool) []string {
	if !ok {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// reasonHead reports whether a head noun takes a clause as its focus ("the
// main reason Britain acquired colonies").
func reasonHead(h string) bool {
	h = strings.ToLower(h)
	return strings.HasPrefix(h, "reason") || strings.HasPrefix(h, "cause") || strings.HasPrefix(h, "explanation")
}

// lastCopula returns the index of the last " was " or " were " in s.
func lastCopula(s string) int {
	i := strings.LastIndex(s, " was ")
	if j := strings.LastIndex(s, " were "); j > i {
		i = j
	}
	return i
}

// nounPhrase reports whether a reason stated after "was" reads as a thing
// ("the weather", "Harold's mistakes"), not as a clause ("to make money",
// "that he…").
func nounPhrase(s string) bool {
	w, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), " ")
	switch w {
	case "", "to", "that", "because", "how", "what", "why", "when", "not", "in", "for":
		return false
	}
	return true
}

// possessive makes "Lenin" "Lenin's" and "the Whites" "the Whites'".
func possessive(who string) string {
	if strings.HasSuffix(who, "s") {
		return who + "'"
	}
	return who + "'s"
}

var (
	significanceWas = regexp.MustCompile(`(?i)\bhow (?:significant|important|influential|decisive|crucial) (?:was|were|is|are|had been|has been) (.+)$`)
	significanceHas = regexp.MustCompile(`(?i)\bhow (?:significant|important|influential|decisive|crucial) (?:has|have|had) (.+?) been\b(.*)$`)
	significanceOf  = regexp.MustCompile(`(?i)\b(?:assess|evaluate|explain|examine|analyse|analyze|consider|discuss) the (significance|importance|impact|influence|role|contribution) of (.+)$`)
	importantAbout  = regexp.MustCompile(`(?i)\bexplain what was important about (.+)$`)
	factorEnd       = regexp.MustCompile(`(?i)\s+(?:in|for|to|during|between|within|as a|as an|towards?|compared)\s+|[,?;:]|\.(?:\s|$)`)
	// "on" ends an impact ("the impact of the war on women") but belongs to
	// other factors ("Jenner's work on smallpox").
	impactOn         = regexp.MustCompile(`(?i)^(?:the )?(?:impact|influence|effects?)\b.*?\s+(?:on|upon)\s+`)
	inRelationToRest = regexp.MustCompile(`(?i)^(?:in )?relation to (?:the )?other (?:factors|reasons|causes)(?: (?:in|for|to))?\s*`)
)

// significance reads "How significant was X in Y?" and "Assess the impact of
// X on Y" into X and Y.
func significance(text string) (factor, focus string) {
	var x, rest string
	impactOf := false // "Assess the impact of X on Y": the factor is X
	switch {
	case significanceHas.MatchString(text):
		m := significanceHas.FindStringSubmatch(text)
		x, rest = m[1], strings.TrimSpace(m[2])
		rest = strings.TrimSpace(stripLeadingPreposition(rest))
		return x, trimFocus(rest)
	case significanceWas.MatchString(text):
		x = significanceWas.FindStringSubmatch(text)[1]
	case significanceOf.MatchString(text):
		m := significanceOf.FindStringSubmatch(text)
		x = m[2]
		switch k := strings.ToLower(m[1]); k {
		case "role", "contribution":
			x = k + " of " + x
		case "impact", "influence":
			x, impactOf = "the "+k+" of "+x, true
		}
	case importantAbout.MatchString(text):
		x = importantAbout.FindStringSubmatch(text)[1]
	default:
		return "", ""
	}
	// The factor ends at the first preposition after its head ("role of
	// Lenin | in the seizure of power"); what follows is the focus.
	loc := factorEnd.FindStringIndex(x)
	if on := impactOn.FindStringIndex(x); on != nil && (loc == nil || on[1] <= loc[0]+1) {
		// The "on" of an impact ends the factor before any later
		// preposition: "the impact of the war on the role of women in…".
		end := strings.LastIndex(strings.ToLower(x[:on[1]]), " on ")
		if end < 0 {
			end = strings.LastIndex(strings.ToLower(x[:on[1]]), " upon ")
		}
		loc = []int{end, on[1]}
	}
	if loc != nil && loc[0] > 0 {
		sep := strings.ToLower(x[loc[0]:loc[1]])
		x, rest = x[:loc[0]], x[loc[1]:]
		// "as a symbol of…" says what the factor was, not what it is
		// weighed against.
		if strings.ContainsAny(sep, ",?;:.") || strings.Contains(sep, "as a") {
			rest = ""
		}
	}
	if impactOf {
		_, x, _ = strings.Cut(x, " of ")
	}
	rest = inRelationToRest.ReplaceAllString(strings.TrimSpace(rest), "")
	return x, trimFocus(rest)
}

var leadingPreposition = regexp.MustCompile(`(?i)^(?:in|for|to|on|during|within|upon|towards?)\s+`)

func stripLeadingPreposition(s string) string { return leadingPreposition.ReplaceAllString(s, "") }

var (
	whichFocusRe   = regexp.MustCompile(`(?i)\b(?:more|greater|bigger|stronger|most)(?: (?:important|significant|serious|influential|decisive|dangerous|effective|successful))?(?: (?:reasons?|causes?|factors?|threats?|problems?|influences?|explanations?|motives?|obstacles?|challenges?))? (?:for|of|to|behind|why|in) (.+?)(?:\?|:|,| \(i\)| •|$)`)
	consequencesOf = regexp.MustCompile(`(?i)\b(?:consequences?|effects?|results?) of (.+?)(?:\?|\.(?:\s|$)|$)`)
	attitudeObject = regexp.MustCompile(`(?i)\b(?:critical|supportive|sympathetic|hostile|positive|negative|favourable|unfavourable|in favour|opposed|optimistic|pessimistic|proud|mocking)\s+(?:of|to|towards|about)\s+(.+)$`)
)

func whichFocus(text string) string {
	m := whichFocusRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	f := m[1]
	if strings.HasPrefix(strings.ToLower(m[0]), "why") {
		f = "why " + f
	}
	if i := strings.Index(strings.ToLower(m[0]), " why "); i >= 0 {
		f = "why " + f
	}
	return trimFocus(f)
}

// enquiryRe finds what sources or interpretations are to be read for.
var enquiryRe = regexp.MustCompile(`(?i)(?:\bfor an enquiry into|\b(?:to|for) (?:an? )?historians? (?:studying|investigating)|\bas evidence (?:of|for|about)|\bfor revealing|\bto investigate|\bto find out (?:more )?about|\bin relation to|\bas an explanation of|\bregarding|\breveal(?:s)? about|\bmore valuable in explaining|\b(?:interpretations?|extracts?|sources?|passages?) [A-H1-9](?:,? (?:and|&) [A-H1-9])? about|\bdifferent (?:views|interpretations?) about|\b(?:more|most) convincing about|\bconvincing interpretation of|\bfrom sources? [A-H1-9] about|\bto identify|^what,? according to (?:source|extract|document) [A-H1-9],? (?:were|was|is|are|did)) (.+?)(?:\?|\.(?:\s|$)|$)`)

var otherFactors = regexp.MustCompile(`(?i)^(?:the )?other (?:factors|reasons|causes)\b`)

func enquiry(l *layout) string {
	if !anyIn(l.lower, "enquiry", "historian", "evidence", "reveal", "investigate", "find out", "relation",
		"explanation", "regarding", "explaining", "about", "interpretation of", "identify", "according") {
		return ""
	}
	for _, s := range l.sentences() {
		m := enquiryRe.FindStringSubmatch(s)
		// "in relation to other factors" weighs a factor; it names no
		// enquiry.
		if m == nil || otherFactors.MatchString(m[1]) {
			continue
		}
		return trimFocus(m[1])
	}
	return ""
}

// trailingPeriod matches a period phrase at the end of a phrase: "in the
// years 1924–29", ", 1917–24", "by 1929", "since 1800", "in the sixteenth
// century", "in January 1933". A year after "of" ("the crisis of 1924") is
// part of a name and stays.
var trailingPeriod = regexp.MustCompile(`(?i)(?:,\s*|\s+(?:(?:in|during|over|across|throughout|for) (?:the (?:years?|period|decade|reign|century)|(?:the )?(?:early|late|mid)?)\s*|(?:in|during|from|between|by|before|after|since|until|to|c\.|circa)\s+|\s+))(?:c\.?\s*)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?(?:\d{3,4}(?:s|\s*(?:-|to|and|until)\s*(?:c\.?\s*)?(?:\d{1,4}|the present(?: day)?))?|the \d{4}s|the (?:early |late |mid-)?(?:eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|1[1-9]th|20th) century|the present(?: day)?)\s*$`)

// trimPeriod removes period phrases from the end of a phrase.
func trimPeriod(s string) string {
	if !strings.ContainsAny(s, "0123456789") && !anyIn(strings.ToLower(s), "century", "present") {
		return s
	}
	for range 3 {
		// A period phrase is short: look for it in the last 80 bytes only.
		off := max(0, len(s)-80)
		loc := trailingPeriod.FindStringIndex(s[off:])
		if loc == nil || loc[0]+off == 0 {
			break
		}
		start := loc[0] + off
		// A bare year with no preposition or comma before it ("the
		// crisis of 1924", "the 1905 Revolution") stays.
		cut := s[start:]
		if t := strings.TrimSpace(cut); t != "" && (t[0] >= '0' && t[0] <= '9' || strings.HasPrefix(strings.ToLower(t), "c.") || strings.HasPrefix(strings.ToLower(t), "c1")) && !strings.HasPrefix(cut, ",") {
			break
		}
		s = strings.TrimSpace(s[:start])
	}
	return s
}

func trimFocus(s string) string {
	s = trimClaim(s)
	// A focus that is nothing but a period ("in 1666") is no focus.
	if len(s) < 60 && strings.ContainsAny(s, "0123456789") {
		if loc := trailingPeriod.FindStringIndex(" in " + s); loc != nil && loc[0] == 0 {
			return ""
		}
	}
	s = trimPeriod(s)
	return strings.TrimRight(s, ".?!,;: ")
}

// tidyFactor trims a factor to its noun phrase: no quotation marks, period
// phrase or leading article.
func tidyFactor(f string) string {
	f = trimClaim(f)
	f = trimPeriod(f)
	f = strings.TrimRight(f, ".?!,;: ")
	lower := strings.ToLower(f)
	for _, art := range []string{"that ", "the ", "a ", "an "} {
		if strings.HasPrefix(lower, art) && len(f) > len(art) {
			f, lower = f[len(art):], lower[len(art):]
		}
	}
	return strings.TrimSpace(f)
}

// actor turns a bare name into the thing to weigh: a person, a place or an
// institution is not a factor by itself, its role is ("Gorbachev" → "role of
// Gorbachev", "the Supreme Court" → "role of the Supreme Court"). Events,
// policies and movements with capitals stay as they are ("the Great
// Depression", "the Schlieffen Plan", "the Harrying of the North"): a word
// from eventWords or with the ending of an abstract noun marks one. A single
// capitalised word at the start of a quotation ("Religion was…",
// "Gorbachev was…") is a name unless it is a common noun (commonNouns, or an
// abstract ending).
func (l *layout) actor(f string) string {
	f = strings.TrimSpace(trimPeriod(trimClaim(f)))
	if f == "" {
		return ""
	}
	words := strings.Fields(f)
	caps := 0
	for i, w := range words {
		lw := strings.ToLower(w)
		if i == 0 && lw == "the" {
			continue
		}
		if nameJoiners[lw] && i > 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return f
		}
		bareWord := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
		if eventWords[bareWord] || isAcronym(w) && !stateAcronyms[w] || !titles[bareWord] && abstractEnding(strings.ToLower(bareWord)) {
			return f
		}
		caps++
	}
	if caps == 0 {
		return f
	}
	if len(words) == 1 && commonNouns[strings.ToLower(words[0])] {
		return f
	}
	// "The USSR" at the start of a quotation is "the USSR" inside a sentence.
	if strings.HasPrefix(f, "The ") {
		f = "the " + f[len("The "):]
	}
	return "role of " + f
}

// abstractEnding reports whether a word ends as abstract nouns and
// gerunds do ("Reformation", "Communism", "Harrying"), which names of
// people and places seldom do.
func abstractEnding(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, suf := range []string{"ing", "ion", "ism", "ity", "ment", "ness", "ance", "ence", "ship", "ure", "age", "ery", "acy", "ogy", "ics", "hood", "dom"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// capitalisedMidSentence reports whether the question writes w with a
// capital somewhere other than at the start of a sentence or quotation.
func (l *layout) capitalisedMidSentence(w string) bool {
	for _, sg := range l.segs {
		ws := strings.Fields(sg.text)
		for i := 1; i < len(ws); i++ {
			if strings.Trim(ws[i], `.,;:?!'"()`) == w && !strings.HasSuffix(ws[i-1], ".") {
				return true
			}
		}
	}
	return false
}

func isAcronym(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return !romanNumeral(w)
}

// FactorPhrase returns the question's factor as a phrase to put in a
// sentence, with the article the question gives it ("the Great Depression",
// "the weakness of his rivals", "the role of Gorbachev", "Lenin's failure to
// plan for his succession"), or "" when the question sets no factor.
// Factor itself carries no leading article.
func FactorPhrase(q analysis.Question) string {
	f := q.Factor
	if f == "" {
		return ""
	}
	if strings.HasPrefix(f, "role of ") || strings.HasPrefix(f, "contribution of ") {
		return "the " + f
	}
	text := strings.ToLower(analysis.Normalize(q.Text))
	lf := strings.ToLower(f)
	for _, art := range []string{"the ", "a ", "an "} {
		if strings.Contains(text, art+lf) {
			return art + f
		}
	}
	return f
}
