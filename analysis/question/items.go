package question

import (
	"regexp"
	"strings"
)

// items returns the things a question asks the student to choose between
// or compare, as the question writes them.
func (l *layout) items(cmd string) []string {
	switch cmd {
	case "which-more-important", "how-significant":
		var out []string
		for _, sg := range l.segs {
			if sg.kind == segBullet && !sg.stimulus {
				if it := tidyItem(sg.text); it != "" {
					out = append(out, it)
				}
			}
		}
		if len(out) > 0 || cmd != "which-more-important" {
			return out
		}
		for _, s := range l.sentences() {
			if m := inlineChoice.FindStringSubmatch(s); m != nil {
				return nonEmpty(tidyItem(m[1]), tidyItem(m[2]))
			}
		}
	case "compare":
		for _, s := range l.sentences() {
			if it := compared(s); it != nil {
				return it
			}
		}
	}
	return nil
}

// inlineChoice: "Which was more important…: castles or the feudal system?",
// "…their power, the Reichstag Fire or the Night of the Long Knives?"
var inlineChoice = regexp.MustCompile(`(?i)\bwhich\b[^:,]*[:,]\s*(?:either\s+)?(.+?),?\s+or\s+(.+?)\s*[?.!]*$`)

var (
	// "Compare the foreign policies of Henry VII and Henry VIII", "Compare
	// X with Y", "Compare and contrast the roles of A and B in C".
	compareImperative = regexp.MustCompile(`(?i)^compare(?: and contrast)? (?:the (?-i:([a-z][a-z-]*(?: [a-z][a-z-]*)?)) (?:of|used by|adopted by|pursued by|introduced by|followed by) )?(.+?)\s*[.?!]*$`)
	// "How similar were the economic policies of Lenin and Stalin?",
	// "How different was X from Y?"
	howSimilar = regexp.MustCompile(`(?i)^how (?:similar|different) (?:were|was|are|is) (?:the (?-i:([a-z][a-z-]*(?: [a-z][a-z-]*)?)) (?:of|used by|adopted by|pursued by|introduced by|followed by) )?(.+?)\s*[.?!]*$`)
	// "How far did X differ from Y?", "In what ways did the aims of X differ
	// from those of Y?"
	differFrom = regexp.MustCompile(`(?i)^(?:how (?:far )?|to what extent |in what ways? )(?:did|do|does) (?:the (?-i:([a-z][a-z-]*(?: [a-z][a-z-]*)?)) of )?(.+?) differ (?:from|with) (.+?)\s*[.?!]*$`)
	// "Explain one way in which X was similar to / different from Y."
	oneWay = regexp.MustCompile(`(?i)^explain (?:one|two) ways? in which (.+?) (?:was|were|is|are) (?:similar to|different from|like|unlike) (.+?)\s*[.?!]*$`)
	// "In what ways were X and Y similar?"
	waysSimilar = regexp.MustCompile(`(?i)^in what ways? (?:were|was|are|is) (.+?) (?:similar|different)\s*[.?!]*$`)
	thoseOf     = regexp.MustCompile(`(?i)^(?:those|that) of `)
	trailingPP  = regexp.MustCompile(`(?i) (?:in|during|between|throughout|over|to|towards|against) .+$`)
)

// compared reads the two sides of a comparison out of one sentence, or
// returns nil. Sources and extracts compared by label are materials, not
// items.
func compared(s string) []string {
	if labelRe.MatchString(s) {
		return nil
	}
	if m := oneWay.FindStringSubmatch(s); m != nil {
		return nonEmpty(tidyItem(m[1]), tidyItem(m[2]))
	}
	if m := differFrom.FindStringSubmatch(s); m != nil {
		return nonEmpty(tidyItem(m[2]), tidyItem(thoseOf.ReplaceAllString(m[3], "")))
	}
	for _, re := range []*regexp.Regexp{compareImperative, howSimilar} {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		body := m[2]
		if strings.HasPrefix(strings.ToLower(body), "what ") {
			return nil
		}
		// "X from Y", "X with Y": two whole phrases.
		for _, sep := range []string{" from ", " with "} {
			if a, b, ok := strings.Cut(body, sep); ok {
				if m[1] != "" && sep == " from " {
					a = "the " + m[1] + " of " + a
				}
				return nonEmpty(tidyItem(a), tidyItem(b))
			}
		}
		if a, b, ok := strings.Cut(body, " and "); ok {
			// "the roles of A and B in the Korean War": the shared
			// phrase belongs to both.
			if m[1] != "" && !trailingPP.MatchString(a) {
				b = trailingPP.ReplaceAllString(b, "")
			}
			return nonEmpty(tidyItem(a), tidyItem(thoseOf.ReplaceAllString(b, "")))
		}
	}
	if m := waysSimilar.FindStringSubmatch(s); m != nil {
		if a, b, ok := strings.Cut(m[1], " and "); ok && !strings.Contains(strings.ToLower(m[1]), " to them") {
			return nonEmpty(tidyItem(a), tidyItem(b))
		}
	}
	return nil
}

// tidyItem trims an item of a list: quotation marks, closing punctuation,
// a leading "and".
func tidyItem(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"and ", "or ", "either "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	s = strings.TrimRight(s, ".?!,;: ")
	for _, p := range []string{" and", " or"} {
		if len(s) > len(p) && strings.EqualFold(s[len(s)-len(p):], p) {
			s = s[:len(s)-len(p)]
		}
	}
	return trimClaim(s)
}

func nonEmpty(items ...string) []string {
	var out []string
	for _, it := range items {
		if it != "" {
			out = append(out, it)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
