package question

import (
	"regexp"
	"strings"

	"github.com/clio-history/clio/analysis"
)

var (
	// "1917-24", "c.1900-1946", "c1900-1946", "from 1933 until 1939",
	// "c1250-present", "from c.1500 to the present day".
	rangeRe   = regexp.MustCompile(`(?:\bc\.?\s*|\bcirca\s+|\b)(\d{3,4})\s*(?:-|to|until|till)\s*(?:c\.?\s*)?(?:(\d{4}|\d{2}|\d)\b|(?:the\s+)?(present(?:\s+day)?|today)\b)`)
	betweenRe = regexp.MustCompile(`\bbetween\s+(?:c\.?\s*)?(\d{4})\s+and\s+(?:c\.?\s*)?(\d{4})\b`)
	// "in the years to 1941", "by 1929", "before 1914": up to a year.
	upToRe = regexp.MustCompile(`\b(?:up to|to|until|till|by|before)\s+(?:c\.?\s*)?(\d{4})\b`)
	// "since 1800": from a year to the present. ("After 1945" is read as
	// the year: the question means the years that followed, not to today.)
	sinceRe   = regexp.MustCompile(`\bsince\s+(?:c\.?\s*)?(\d{4})\b`)
	decadeRe  = regexp.MustCompile(`\b(\d{3})0s\b`)
	yearRe    = regexp.MustCompile(`(?:\bc\.?\s*|\b)(\d{4})\b`)
	centuryRe = regexp.MustCompile(`\b(eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|1[1-9]th|2[01](?:st|th))[- ]century\b`)
)

var centuries = map[string]int{
	"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
	"twenty-first": 21,
}

func validYear(y int) bool { return y >= 500 && y <= 2100 }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// period finds the years a question covers: the span from the earliest to
// the latest year it names. "To 1941" alone gives a period with no start
// (From 0); "since 1800" and "to the present day" end at present.
func (l *layout) period(present int) *analysis.Period {
	// The expressions are written in lower case and run on the text in
	// lower case (ASCII only, so byte offsets are the text's own): cheaper
	// than matching without regard to case.
	s := asciiLower(l.ownText())
	lower := s
	if !strings.ContainsAny(s, "0123456789") && !anyIn(lower, "century", "present", "today") {
		return nil
	}
	from, to := 0, 0
	add := func(a, b int) {
		if !validYear(a) || !validYear(b) && b != present || b < a {
			return
		}
		if from == 0 || a < from {
			from = a
		}
		if b > to {
			to = b
		}
	}
	used := make([]bool, len(s)+1)
	mark := func(loc []int) {
		for i := loc[0]; i < loc[1]; i++ {
			used[i] = true
		}
	}
	for _, m := range findAll(rangeRe, s, lower, "-", "to", "until", "till") {
		a := atoi(s[m[2]:m[3]])
		if m[4] < 0 {
			add(a, present)
			mark(m[:2])
			continue
		}
		endText := s[m[4]:m[5]]
		b := atoi(endText)
		switch len(endText) {
		case 1:
			b = a - a%10 + b
			if b < a {
				b += 10
			}
		case 2:
			b = a - a%100 + b
			// "1895–05" crosses a century; "1924–19" is a slip, not 1924–2019.
			if b < a && b+100-a <= 30 {
				b += 100
			}
		}
		if len(s[m[2]:m[3]]) == 3 && len(endText) != 3 && len(endText) != 4 {
			continue // "871–99" is read below as two years at most
		}
		add(a, b)
		mark(m[:2])
	}
	for _, m := range findAll(betweenRe, s, lower, "between") {
		add(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]))
		mark(m[:2])
	}
	for _, m := range findAll(sinceRe, s, lower, "since") {
		if used[m[2]] {
			continue
		}
		add(atoi(s[m[2]:m[3]]), present)
		mark(m[:2])
	}
	openEnd := 0
	for _, m := range findAll(upToRe, s, lower, "to ", "until", "till", "by ", "before") {
		if used[m[2]] {
			continue
		}
		if y := atoi(s[m[2]:m[3]]); validYear(y) && y > openEnd {
			openEnd = y
		}
		mark(m[:2])
	}
	for _, m := range findAll(decadeRe, s, lower, "0s") {
		if used[m[0]] {
			continue
		}
		d := atoi(s[m[2]:m[3]]) * 10
		add(d, d+9)
		mark(m[:2])
	}
	for _, m := range findAll(centuryRe, s, lower, "century") {
		w := s[m[2]:m[3]]
		n, ok := centuries[w]
		if !ok {
			n = atoi(strings.TrimRight(w, "stndrh"))
		}
		if n > 0 {
			add((n-1)*100, (n-1)*100+99)
		}
		mark(m[:2])
	}
	for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
		if used[m[2]] {
			continue
		}
		y := atoi(s[m[2]:m[3]])
		add(y, y)
	}
	if openEnd > 0 {
		// Other years the question names before the end start the
		// period ("the Five-Year Plans, launched in 1928, in the years to
		// 1941"); without them its start is open.
		if from == 0 || from > openEnd {
			from = 0
		}
		if openEnd > to {
			to = openEnd
		}
	}
	if from == 0 && to == 0 {
		return nil
	}
	return &analysis.Period{From: from, To: to}
}

// findAll runs re over s only when lower (s in lower case) holds one of the
// hints: most questions name no decade, century or "since".
func findAll(re *regexp.Regexp, s, lower string, hints ...string) [][]int {
	if !anyIn(lower, hints...) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}
