package dates

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// maxYear is the largest number read as a year at all; later "years" are
// treated as ordinary numbers ("99999"). Years after the current one but
// before maxYear are found and reported as impossible.
const maxYear = 2999

// Extract finds every temporal expression in doc, in text order, and
// resolves relative expressions ("two years later") and days without a year
// against the last date before them. locale ("en-GB" or "en-US") decides how
// "03/12/1917" is read.
func Extract(doc *analysis.Document, locale string) []Expr {
	if doc == nil {
		return nil
	}
	var out []Expr
	lows := make([]string, len(doc.Tokens))
	for i := range doc.Tokens {
		lows[i] = lowerASCII(doc.Tokens[i].Norm)
	}
	for si := range doc.Sentences {
		r := doc.Sentences[si].Tokens
		sc := scanner{doc: doc, ts: doc.Tokens[r.Start:r.End], lows: lows[r.Start:r.End], base: r.Start,
			sent: si, usDates: locale == "en-US"}
		out = sc.scan(out)
	}
	resolve(out)
	return out
}

type scanner struct {
	doc     *analysis.Document
	ts      []analysis.Token
	lows    []string // the tokens' Norm in lower case
	base    int      // index of ts[0] in doc.Tokens
	sent    int
	usDates bool
}

func (s *scanner) tok(i int) *analysis.Token {
	if i < 0 || i >= len(s.ts) {
		return nil
	}
	return &s.ts[i]
}

// low is token i's normalised text in lower case, or "".
func (s *scanner) low(i int) string {
	if i < 0 || i >= len(s.lows) {
		return ""
	}
	return s.lows[i]
}

// lowerASCII lower-cases s, allocating only when it has upper-case letters.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func (s *scanner) isPunct(i int) bool {
	t := s.tok(i)
	return t == nil || t.Kind == analysis.KindPunct
}

// joined reports whether token i follows token i-1 with no space.
func (s *scanner) joined(i int) bool {
	t := s.tok(i)
	return t != nil && !t.SpaceBefore
}

func (s *scanner) expr(kind Kind, from, to int) Expr {
	end := s.ts[to-1].End
	// "9 May." at the end of a sentence: the tokenizer keeps the full stop.
	if last := s.ts[to-1].Text; strings.HasSuffix(last, ".") && monthNames[strings.TrimSuffix(s.low(to-1), ".")] != 0 {
		end--
	}
	return Expr{Kind: kind, Span: analysis.Span{Start: s.ts[from].Start, End: end},
		Sentence: s.sent, tokStart: s.base + from, tokEnd: s.base + to}
}

// matcher tries to read an expression starting at token i and returns it
// with the index of the token after it.
type matcher func(s *scanner, i int) (Expr, int, bool)

var matchers = []matcher{
	(*scanner).relative,
	(*scanner).fromTo,
	(*scanner).century,
	(*scanner).decade,
	(*scanner).point,
}

func (s *scanner) scan(out []Expr) []Expr {
	for i := 0; i < len(s.ts); {
		matched := false
		for _, m := range matchers {
			if e, next, ok := m(s, i); ok && next > i {
				e.Relation = s.relation(e)
				out = append(out, e)
				i = next
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return out
}

// relation reads the words before an expression: "by 1922", "before 1922".
func (s *scanner) relation(e Expr) Relation {
	i := e.tokStart - s.base - 1
	w := s.low(i)
	if w == "the" {
		i--
		w = s.low(i)
	}
	switch w {
	case "by":
		if s.low(i-1) == "followed" || s.low(i-1) == "replaced" {
			return At
		}
		return By
	case "before":
		return Before
	case "to":
		if s.low(i-1) == "prior" {
			return Before
		}
	case "after":
		return After
	case "since", "until", "till", "from", "between", "than", "pre", "post":
		return Other
	}
	if e.Kind == KindRelative && strings.HasPrefix(s.low(e.tokStart-s.base), "by") {
		return By
	}
	return At
}

// ---- numbers ----

// year4 reads token i as a year of four digits (1000 to maxYear).
func (s *scanner) year4(i int) (int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindNumber || len(t.Norm) != 4 {
		return 0, false
	}
	y, ok := parseDigits(t.Norm, 4)
	return y, ok && y >= 1000 && y <= maxYear
}

// day reads token i as a day of the month: "14", "14th", "fourteenth".
func (s *scanner) day(i int) (int, bool) {
	t := s.tok(i)
	if t == nil {
		return 0, false
	}
	var d int
	var ok bool
	if t.Kind == analysis.KindNumber {
		d, ok = parseDigits(t.Norm, 2)
		if !ok {
			d, ok = parseOrdinal(s.low(i))
		}
	} else {
		d, ok = ordinalWords[s.low(i)]
	}
	return d, ok && d >= 1 && d <= 31
}

// month reads a capitalised month name or abbreviation at i ("Oct." is two
// tokens) and returns the month and the index after it.
func (s *scanner) month(i int) (int, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindWord {
		return 0, 0, false
	}
	r, _ := utf8.DecodeRuneInString(t.Text)
	if !unicode.IsUpper(r) {
		return 0, 0, false
	}
	w := s.low(i)
	if m, ok := monthNames[strings.TrimSuffix(w, ".")]; ok {
		return m, i + 1, true
	}
	if m, ok := monthAbbrevs[strings.TrimSuffix(w, ".")]; ok {
		if s.low(i+1) == "." && s.joined(i+1) {
			return m, i + 2, true
		}
		return m, i + 1, true
	}
	return 0, 0, false
}

// era reads "AD", "BC", "BCE", "CE", "A.D.", "B.C." (capitals only).
func (s *scanner) era(i int) (string, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindWord {
		return "", 0, false
	}
	txt := strings.ReplaceAll(t.Norm, ".", "")
	next := i + 1
	// "B.C" "." when the tokenizer splits the final stop.
	if strings.HasSuffix(t.Norm, "C") && strings.Contains(t.Norm, ".") && s.low(next) == "." && s.joined(next) {
		next++
	}
	switch txt {
	case "AD", "CE":
		return "AD", next, true
	case "BC", "BCE":
		return "BC", next, true
	}
	return "", 0, false
}

// looksLikeCount reports whether the number at i reads as a quantity, page
// or reference rather than a year.
func (s *scanner) looksLikeCount(i int) bool {
	prev, next := s.low(i-1), s.low(i+1)
	if prev == "." && s.joined(i-1) {
		prev = s.low(i - 2) // "p. 45", "No. 1917"
	}
	if notYearBefore[prev] || countAfter[next] {
		return true
	}
	if t := s.tok(i + 1); t != nil && (t.Norm == "%" || strings.HasPrefix(t.Norm, "%")) {
		return true
	}
	if otherCalendars[prev] || otherCalendars[s.low(i-2)] {
		return true // "the Hijri year 1345"
	}
	if yearPreps[prev] || (prev == "of" && timeNouns[s.low(i-2)]) {
		return false // "in 1917 revolutionaries…", "the summer of 1789 peasants…"
	}
	if quantityAfter[next] {
		return true
	}
	if t := s.tok(i + 1); t != nil && prev != "the" && t.Kind == analysis.KindWord &&
		(t.Tag == "NNS" || (t.Tag == "NN" && strings.HasSuffix(t.Norm, "s") && !strings.HasSuffix(t.Norm, "ss"))) {
		if _, _, isMonth := s.month(i + 1); !isMonth {
			return true
		}
	}
	// "559 votes to 65": the number after "to" in a score.
	if prev == "to" || prev == "and" {
		if t := s.tok(i - 2); t != nil && t.Kind == analysis.KindWord && t.Tag == "NNS" {
			if t3 := s.tok(i - 3); t3 != nil && t3.Kind == analysis.KindNumber {
				return true
			}
		}
	}
	return false
}

// ---- points: days, months, years ----

// point reads a single date: a full date, a month and year, a day and month,
// a year with an era, "c. 1200", a numeric date, a range token ("1924–29") or
// a plain year.
func (s *scanner) point(i int) (Expr, int, bool) {
	if e, next, ok := s.dayFirst(i); ok {
		return e, next, true
	}
	if e, next, ok := s.monthFirst(i); ok {
		return e, next, true
	}
	if e, next, ok := s.eraYear(i); ok {
		return e, next, true
	}
	if e, next, ok := s.numeric(i); ok {
		return e, next, true
	}
	if e, next, ok := s.circa(i); ok {
		return e, next, true
	}
	return s.plainYear(i)
}

// yearAt reads the year that may end a full date: "1066", "1066 AD", "55 BC".
func (s *scanner) yearAt(i int) (int, int, bool) {
	if y, ok := s.year4(i); ok {
		if era, next, ok := s.era(i + 1); ok {
			if era == "BC" {
				return 1 - y, next, true
			}
			return y, next, true
		}
		return y, i + 1, true
	}
	t := s.tok(i)
	if t != nil && t.Kind == analysis.KindNumber {
		if y, ok := parseDigits(t.Norm, 4); ok && y > 0 {
			if era, next, ok := s.era(i + 1); ok {
				if era == "BC" {
					return 1 - y, next, true
				}
				return y, next, true
			}
		}
	}
	return 0, 0, false
}

func (s *scanner) fullDate(e *Expr, y, m, d int) {
	if d > daysIn(y, m) {
		e.Value = ymd{y, m, d}.iso()
		e.Impossible = monthDisplay[m] + " has no " + ordinalText(d) + " day"
		if m == 2 && d == 29 {
			e.Impossible = isoYear(y) + " was not a leap year, so it had no 29 February"
		}
		return
	}
	e.setPoint(ymd{y, m, d})
}

// dayFirst: "14 October 1066", "20th December 1917", "14th of October",
// "20 December".
func (s *scanner) dayFirst(i int) (Expr, int, bool) {
	if e, next, ok := s.dayRange(i); ok {
		return e, next, true
	}
	d, ok := s.day(i)
	if !ok {
		return Expr{}, 0, false
	}
	j := i + 1
	if s.low(j) == "of" {
		j++
	}
	m, j, ok := s.month(j)
	if !ok {
		return Expr{}, 0, false
	}
	start := i
	if s.low(i-1) == "the" && s.low(i+1) == "of" {
		start = i - 1
	}
	k := j
	if s.low(k) == "," {
		k++
	}
	if y, next, ok := s.yearAt(k); ok {
		e := s.expr(KindDay, start, next)
		s.fullDate(&e, y, m, d)
		return e, next, true
	}
	e := s.expr(KindDayMonth, start, j)
	s.dayMonth(&e, m, d)
	return e, j, true
}

func (s *scanner) dayMonth(e *Expr, m, d int) {
	e.Value = "--" + pad2(m) + "-" + pad2(d)
	if d > daysIn(2000, m) {
		e.Impossible = monthDisplay[m] + " has no " + ordinalText(d) + " day"
	}
	e.offset = offset{months: m, years: d, mode: 'D'}
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// monthFirst: "October 14th, 1066", "October 14 1066", "February 1918",
// "December 20th".
func (s *scanner) monthFirst(i int) (Expr, int, bool) {
	m, j, ok := s.month(i)
	if !ok {
		return Expr{}, 0, false
	}
	if s.low(j) == "of" {
		if y, next, ok := s.yearAt(j + 1); ok {
			e := s.expr(KindMonth, i, next)
			e.setPoint(ymd{y: y, m: m})
			return e, next, true
		}
	}
	if y, next, ok := s.yearAt(j); ok {
		e := s.expr(KindMonth, i, next)
		e.setPoint(ymd{y: y, m: m})
		return e, next, true
	}
	d, ok := s.day(j)
	if !ok || s.tok(j).Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	k := j + 1
	if s.low(k) == "," {
		k++
	}
	if y, next, ok := s.yearAt(k); ok {
		e := s.expr(KindDay, i, next)
		s.fullDate(&e, y, m, d)
		return e, next, true
	}
	// "May 5 delegates" is a count, not a date.
	if t := s.tok(j + 1); t != nil && (t.Tag == "NNS" || quantityAfter[s.low(j+1)]) {
		return Expr{}, 0, false
	}
	e := s.expr(KindDayMonth, i, j+1)
	s.dayMonth(&e, m, d)
	return e, j + 1, true
}

// eraYear: "AD 60", "60 AD", "55 BC", "AD 55 BC", "1066AD".
func (s *scanner) eraYear(i int) (Expr, int, bool) {
	if era, j, ok := s.era(i); ok && era == "AD" {
		t := s.tok(j)
		if t == nil || t.Kind != analysis.KindNumber {
			return Expr{}, 0, false
		}
		y, ok := parseDigits(t.Norm, 4)
		if !ok {
			return Expr{}, 0, false
		}
		if era2, next, ok := s.era(j + 1); ok && era2 == "BC" {
			e := s.expr(KindYear, i, next)
			e.Impossible = "a year cannot be both AD and BC"
			return e, next, true
		}
		e := s.expr(KindYear, i, j+1)
		s.eraValue(&e, y, "AD")
		return e, j + 1, true
	}
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	// One token: "1066AD", "55BC".
	for _, suf := range []string{"AD", "BC", "BCE", "CE"} {
		if num, ok := strings.CutSuffix(t.Norm, suf); ok {
			if y, ok := parseDigits(num, 4); ok {
				e := s.expr(KindYear, i, i+1)
				s.eraValue(&e, y, map[string]string{"AD": "AD", "CE": "AD", "BC": "BC", "BCE": "BC"}[suf])
				return e, i + 1, true
			}
		}
	}
	y, ok := parseDigits(t.Norm, 4)
	if !ok {
		return Expr{}, 0, false
	}
	era, next, ok := s.era(i + 1)
	if !ok {
		return Expr{}, 0, false
	}
	if era2, n2, ok := s.era(next); ok && era2 != era {
		e := s.expr(KindYear, i, n2)
		e.Impossible = "a year cannot be both AD and BC"
		return e, n2, true
	}
	e := s.expr(KindYear, i, next)
	s.eraValue(&e, y, era)
	return e, next, true
}

func (s *scanner) eraValue(e *Expr, y int, era string) {
	if y == 0 {
		e.Value = "0"
		e.Impossible = "there was no year 0: 1 BC was followed by AD 1"
		return
	}
	if era == "BC" {
		y = 1 - y
	}
	e.setPoint(ymd{y: y})
}

// numeric: "1917-11-07" and "07/11/1917" (day first unless en-US).
func (s *scanner) numeric(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	n := t.Norm
	var y, m, d int
	switch {
	case len(n) == 10 && n[4] == '-' && n[7] == '-':
		var ok1, ok2, ok3 bool
		y, ok1 = parseDigits(n[:4], 4)
		m, ok2 = parseDigits(strings.TrimPrefix(n[5:7], "0"), 2)
		d, ok3 = parseDigits(strings.TrimPrefix(n[8:], "0"), 2)
		if !ok1 || !ok2 || !ok3 {
			return Expr{}, 0, false
		}
	case strings.Count(n, "/") == 2:
		parts := strings.Split(n, "/")
		a, ok1 := parseDigits(strings.TrimPrefix(parts[0], "0"), 2)
		b, ok2 := parseDigits(strings.TrimPrefix(parts[1], "0"), 2)
		yy, ok3 := parseDigits(parts[2], 4)
		if !ok1 || !ok2 || !ok3 || len(parts[2]) != 4 {
			return Expr{}, 0, false
		}
		y, d, m = yy, a, b
		if s.usDates {
			d, m = b, a
		}
		if m > 12 && d <= 12 {
			d, m = m, d
		}
	default:
		return Expr{}, 0, false
	}
	if y < 1000 || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return Expr{}, 0, false
	}
	e := s.expr(KindDay, i, i+1)
	s.fullDate(&e, y, m, d)
	return e, i + 1, true
}

// circa: "c. 1200", "c.1200", "ca. 1200", "circa 1200".
func (s *scanner) circa(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindWord {
		return Expr{}, 0, false
	}
	w := s.low(i)
	if rest, ok := strings.CutPrefix(w, "c."); ok {
		if y, ok := parseDigits(rest, 4); ok && y >= 100 {
			e := s.expr(KindYear, i, i+1)
			e.setPoint(ymd{y: y})
			e.Approximate = true
			return e, i + 1, true
		}
		return Expr{}, 0, false
	}
	j := i + 1
	switch w {
	case "circa":
	case "c", "ca":
		if s.low(j) != "." || !s.joined(j) {
			return Expr{}, 0, false
		}
		j++
	default:
		return Expr{}, 0, false
	}
	if e, next, ok := s.eraYear(j); ok {
		e.Span.Start, e.tokStart, e.Approximate = t.Start, s.base+i, true
		return e, next, true
	}
	if y, ok := s.year4(j); ok {
		e := s.expr(KindYear, i, j+1)
		e.setPoint(ymd{y: y})
		e.Approximate = true
		return e, j + 1, true
	}
	return Expr{}, 0, false
}

// plainYear: a four-digit year that is not a count, page or reference; or a
// range written as one token ("1924–29", "1917-1918").
func (s *scanner) plainYear(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	if a, b, ok := strings.Cut(t.Norm, "-"); ok {
		return s.rangeToken(i, a, b)
	}
	y, ok := s.year4(i)
	if !ok || s.looksLikeCount(i) {
		return Expr{}, 0, false
	}
	// "1924 – 29" and "1924 to 1929" without "from".
	if e, next, ok := s.spacedRange(i, y); ok {
		return e, next, true
	}
	e := s.expr(KindYear, i, i+1)
	e.setPoint(ymd{y: y})
	return e, i + 1, true
}

func (s *scanner) rangeToken(i int, a, b string) (Expr, int, bool) {
	y1, ok := parseDigits(a, 4)
	if !ok || len(a) != 4 || y1 < 1000 || y1 > maxYear {
		return Expr{}, 0, false
	}
	var y2 int
	switch len(b) {
	case 2:
		n, ok := parseDigits(strings.TrimPrefix(b, "0"), 2)
		if !ok && b != "00" {
			return Expr{}, 0, false
		}
		y2 = y1/100*100 + n
		if y2 < y1 {
			y2 += 100
		}
	case 4:
		n, ok := parseDigits(b, 4)
		if !ok || n < 1000 || n > maxYear {
			return Expr{}, 0, false
		}
		y2 = n
	default:
		return Expr{}, 0, false
	}
	if s.looksLikeCount(i) {
		return Expr{}, 0, false
	}
	e := s.expr(KindRange, i, i+1)
	s.yearRange(&e, y1, y2)
	return e, i + 1, true
}

func (s *scanner) yearRange(e *Expr, y1, y2 int) {
	if y2 <= y1 {
		e.Value = isoYear(y1) + "/" + isoYear(y2)
		e.Impossible = "the range ends before it begins"
		return
	}
	e.setRange(ymd{y: y1}, ymd{y: y2})
}

// spacedRange reads "1924 – 1929", "1924 - 29" and "1924 to 1929" after the
// year y at i.
func (s *scanner) spacedRange(i, y int) (Expr, int, bool) {
	c := s.low(i + 1)
	if c != "-" && c != "to" && c != "until" && c != "till" {
		return Expr{}, 0, false
	}
	t := s.tok(i + 2)
	if t == nil || t.Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	y2, ok := s.year4(i + 2)
	if !ok && c == "-" && len(t.Norm) == 2 {
		if n, ok2 := parseDigits(strings.TrimPrefix(t.Norm, "0"), 2); ok2 {
			y2, ok = y/100*100+n, true
			if y2 < y {
				y2 += 100
			}
		}
	}
	if !ok || y2 <= y || y2-y > 200 || s.looksLikeCount(i+2) {
		return Expr{}, 0, false
	}
	e := s.expr(KindRange, i, i+3)
	e.setRange(ymd{y: y}, ymd{y: y2})
	return e, i + 3, true
}

// fromTo: "from 1928 to 1932", "between 1917 and 1924", "from February to
// October 1917".
func (s *scanner) fromTo(i int) (Expr, int, bool) {
	w := s.low(i)
	if w != "from" && w != "between" {
		return Expr{}, 0, false
	}
	a, j, ok := s.point(i + 1)
	if ok && a.Kind == KindRange && a.tokEnd-a.tokStart == 3 && w == "from" {
		a.Span.Start, a.tokStart = s.ts[i].Start, s.base+i // "from 1928 to 1932"
		return a, j, true
	}
	if !ok || a.Kind == KindRange || a.Kind == KindDayMonth || a.Impossible != "" {
		// "from February to October 1917": a bare month borrows the year.
		return s.monthToMonth(i)
	}
	c := s.low(j)
	if (w == "between" && c != "and") || (w == "from" && c != "to" && c != "until" && c != "till" && c != "-") {
		return Expr{}, 0, false
	}
	b, next, ok := s.point(j + 1)
	if !ok || b.Kind == KindRange || b.Impossible != "" {
		return Expr{}, 0, false
	}
	e := s.expr(KindRange, i, next)
	switch {
	case b.Kind == KindDayMonth && a.Kind == KindDay:
		// "from 3 March to 16 March 1921" is rare; keep the two as points.
		return Expr{}, 0, false
	case b.Kind == KindDayMonth:
		return Expr{}, 0, false
	case !b.To.After(a.From):
		e.Value = a.Value + "/" + b.Value
		e.Impossible = "the range ends before it begins"
	default:
		e.Value = a.Value + "/" + b.Value
		e.From, e.To, e.Resolved = a.From, b.To, true
	}
	return e, next, true
}

func (s *scanner) monthToMonth(i int) (Expr, int, bool) {
	m1, j, ok := s.month(i + 1)
	if !ok {
		return Expr{}, 0, false
	}
	c := s.low(j)
	if c != "to" && c != "until" && c != "and" && c != "-" {
		return Expr{}, 0, false
	}
	m2, k, ok := s.month(j + 1)
	if !ok {
		return Expr{}, 0, false
	}
	y, next, ok := s.yearAt(k)
	if !ok || m2 <= m1 {
		return Expr{}, 0, false
	}
	e := s.expr(KindRange, i, next)
	e.setRange(ymd{y: y, m: m1}, ymd{y: y, m: m2})
	return e, next, true
}

// ---- decades and centuries ----

// qualifier reads "early", "mid", "late" (and "mid" "-") before i, with a
// leading "the", and returns the qualifier and the first token index.
func (s *scanner) qualifier(i int) (string, int) {
	start := i
	q := ""
	j := i - 1
	if s.low(j) == "-" && s.joined(j) && s.low(j-1) == "mid" {
		q, j = "mid", j-2
	} else if w := s.low(j); w == "early" || w == "mid" || w == "late" || w == "middle" {
		q, j = strings.TrimSuffix(w, "dle"), j-1
	}
	if q != "" {
		start = j + 1
	}
	if s.low(j) == "the" {
		start = j
	}
	return q, start
}

// narrow applies an early/mid/late qualifier to the years y1..y2.
func narrow(q string, y1, y2 int) (int, int) {
	n := y2 - y1 + 1
	switch q {
	case "early":
		return y1, y1 + n*4/10 - 1
	case "mid":
		return y1 + n*3/10, y1 + n*7/10 - 1
	case "late":
		return y1 + n*6/10, y2
	}
	return y1, y2
}

// splitQualifier takes "mid-" or "early-" off a token ("mid-1920s").
func splitQualifier(w string) (string, string) {
	for _, q := range []string{"early-", "mid-", "late-"} {
		if rest, ok := strings.CutPrefix(w, q); ok {
			return strings.TrimSuffix(q, "-"), rest
		}
	}
	return "", w
}

// decade: "the 1920s", "the early 1930s", "the mid-1920s", "the 1920's";
// "the 1800s" is a century.
func (s *scanner) decade(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil || (t.Kind != analysis.KindNumber && t.Kind != analysis.KindWord) {
		return Expr{}, 0, false
	}
	q, w := splitQualifier(s.low(i))
	next := i + 1
	num, ok := strings.CutSuffix(w, "s")
	if !ok {
		if strings.HasPrefix(s.low(i+1), "'s") && s.joined(i+1) && t.Kind == analysis.KindNumber {
			num, next = w, i+2
		} else {
			return Expr{}, 0, false
		}
	}
	y, ok := parseDigits(num, 4)
	if !ok || len(num) != 4 || y%10 != 0 || y < 1000 || y > maxYear {
		return Expr{}, 0, false
	}
	start := i
	if q == "" {
		q, start = s.qualifier(i)
	} else if s.low(i-1) == "the" {
		start = i - 1
	}
	kind, v, y1, y2 := KindDecade, num+"s", y, y+9
	if y%100 == 0 {
		kind, v, y2 = KindCentury, num[:2]+"xx", y+99
	}
	e := s.expr(kind, start, next)
	if next == i+2 {
		// "1930's.A": end the span after the "'s".
		t2 := s.ts[i+1]
		_, size := utf8.DecodeRuneInString(t2.Text)
		e.End = min(t2.End, t2.Start+size+1)
	}
	f, l := narrow(q, y1, y2)
	e.setYears(v, f, l)
	e.Approximate = q != ""
	if y > maxYear-100 {
		e.Resolved = false
	}
	return e, next, true
}

// century: "the sixteenth century", "16th-century", "the late 18th century",
// "the fifth century BC".
func (s *scanner) century(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil {
		return Expr{}, 0, false
	}
	q, w := splitQualifier(s.low(i))
	next := i + 1
	ord, hyphen := strings.CutSuffix(w, "-century")
	if !hyphen {
		ord = w
		if c := s.low(i + 1); c != "century" && c != "centuries" {
			return Expr{}, 0, false
		}
		next = i + 2
	}
	n, ok := parseOrdinal(ord)
	if !ok || n < 1 || n > 30 {
		return Expr{}, 0, false
	}
	start := i
	if q == "" {
		q, start = s.qualifier(i)
	} else if s.low(i-1) == "the" {
		start = i - 1
	}
	bc := false
	if era, after, ok := s.era(next); ok {
		bc, next = era == "BC", after
	}
	e := s.expr(KindCentury, start, next)
	e.Approximate = q != ""
	if bc {
		// The fifth century BC is 500 to 401 BC: astronomical -499 to -400.
		y1, y2 := narrow(q, 1-n*100, 1-(n-1)*100-1)
		e.setYears(isoYear(1-n*100)+"/"+isoYear(1-(n-1)*100-1), y1, y2)
		return e, next, true
	}
	y1, y2 := narrow(q, (n-1)*100, (n-1)*100+99)
	v := itoa(n-1) + "xx"
	if n-1 < 10 {
		v = "0" + v
	}
	e.setYears(v, y1, y2)
	return e, next, true
}

// ---- relative expressions ----

// relative: "two years later", "the following year", "later that year",
// "by the end of the decade".
func (s *scanner) relative(i int) (Expr, int, bool) {
	w := s.low(i)
	// "N years later"
	if n, ok := s.count(i); ok {
		if u, isUnit := unitWords[s.low(i+1)]; isUnit {
			dir := s.low(i + 2)
			sign := 0
			switch dir {
			case "later", "afterwards", "afterward", "on":
				sign = 1
			case "earlier", "before", "previously", "beforehand":
				sign = -1
			case "after":
				if s.isPunct(i + 3) {
					sign = 1
				}
			}
			if dir == "on" || dir == "before" {
				if !s.isPunct(i + 3) {
					sign = 0
				}
			}
			if sign != 0 {
				e := s.expr(KindRelative, i, i+3)
				switch u {
				case "y":
					e.offset = offset{years: sign * n, mode: 'y'}
				case "d":
					e.offset = offset{years: sign * n * 10, mode: 'y'}
				case "m":
					e.offset = offset{months: sign * n, mode: 'm'}
				}
				return e, i + 3, true
			}
		}
	}
	switch w {
	case "the":
		// "the following year", "the next decade", "the year before".
		a, b := s.low(i+1), s.low(i+2)
		if u, ok := unitWords[b]; ok && (u == "y" || u == "d") && !strings.HasSuffix(b, "s") {
			step := 1
			if u == "d" {
				step = 10
			}
			switch a {
			case "following", "next", "subsequent":
				e := s.expr(KindRelative, i, i+3)
				e.offset = offset{years: step, mode: 'y'}
				return e, i + 3, true
			case "previous", "preceding":
				e := s.expr(KindRelative, i, i+3)
				e.offset = offset{years: -step, mode: 'y'}
				return e, i + 3, true
			case "same":
				if u == "y" {
					e := s.expr(KindRelative, i, i+3)
					e.offset = offset{mode: 'y'}
					return e, i + 3, true
				}
			}
		}
		if a == "year" && (b == "before" || b == "after") && s.isPunct(i+3) {
			e := s.expr(KindRelative, i, i+3)
			e.offset = offset{years: map[string]int{"before": -1, "after": 1}[b], mode: 'y'}
			return e, i + 3, true
		}
	case "later", "earlier":
		// "later that year", "earlier that year"
		if s.low(i+1) == "that" && s.low(i+2) == "year" {
			e := s.expr(KindRelative, i, i+3)
			e.offset = offset{mode: 'y'}
			return e, i + 3, true
		}
	case "that":
		if s.low(i+1) == "same" && s.low(i+2) == "year" {
			e := s.expr(KindRelative, i, i+3)
			e.offset = offset{mode: 'y'}
			return e, i + 3, true
		}
	case "by", "at", "towards", "toward":
		// "by the end of the decade", "by the end of that year"
		if s.low(i+1) == "the" && s.low(i+2) == "end" && s.low(i+3) == "of" {
			d := s.low(i + 4)
			if d == "the" || d == "that" {
				mode := map[string]byte{"year": 'Y', "decade": 'e', "century": 'c'}[s.low(i+5)]
				if mode != 0 {
					e := s.expr(KindRelative, i, i+6)
					e.offset = offset{mode: mode}
					return e, i + 6, true
				}
			}
		}
	}
	return Expr{}, 0, false
}

// count reads a small number: "two", "a", "3".
func (s *scanner) count(i int) (int, bool) {
	t := s.tok(i)
	if t == nil {
		return 0, false
	}
	if n, ok := numberWords[s.low(i)]; ok {
		return n, true
	}
	if t.Kind == analysis.KindNumber {
		if n, ok := parseDigits(t.Norm, 2); ok && n > 0 {
			return n, true
		}
	}
	return 0, false
}

// resolve fills in relative expressions and days without a year from the
// last resolved date before them.
func resolve(exprs []Expr) {
	var anchor *Expr
	for i := range exprs {
		e := &exprs[i]
		switch {
		case e.Kind == KindRelative && anchor != nil:
			resolveRelative(e, anchor)
		case e.Kind == KindDayMonth && anchor != nil && e.Impossible == "":
			m, d := e.offset.months, e.offset.years
			if y := anchor.From.Year(); y == anchor.To.Year() {
				if d <= daysIn(y, m) {
					e.setPoint(ymd{y, m, d})
					e.Contextual = true
				}
			}
		}
		if e.Resolved && e.Impossible == "" {
			anchor = e
		}
	}
}

func resolveRelative(e, a *Expr) {
	e.Contextual = true
	switch e.offset.mode {
	case 'y':
		y := a.To.Year()
		if e.offset.years < 0 {
			y = a.From.Year()
		}
		if e.offset.years == 0 && a.From.Year() != a.To.Year() {
			return
		}
		e.setPoint(ymd{y: y + e.offset.years})
	case 'm':
		if a.From.Year() != a.To.Year() || a.From.Month() != a.To.Month() {
			// A month offset from a year: say which years it may fall in.
			if a.From.Year() == a.To.Year() && e.offset.months > 0 {
				y := a.From.Year()
				end := ymd{y: y, m: 12}.first().AddDate(0, e.offset.months, 0)
				if end.Year() == y {
					e.setPoint(ymd{y: y})
				} else {
					e.setRange(ymd{y: y}, ymd{y: end.Year()})
				}
			}
			return
		}
		t := a.From.AddDate(0, e.offset.months, 0)
		e.setPoint(ymd{y: t.Year(), m: int(t.Month())})
	case 'Y':
		if a.From.Year() == a.To.Year() {
			e.setPoint(ymd{y: a.From.Year()})
		}
	case 'e':
		y := a.From.Year()/10*10 + 9
		if a.To.Year() <= y {
			e.setPoint(ymd{y: y})
		}
	case 'c':
		y := a.From.Year()/100*100 + 99
		if a.To.Year() <= y {
			e.setPoint(ymd{y: y})
		}
	}
}

// dayRange: "9–10 November 1938".
func (s *scanner) dayRange(i int) (Expr, int, bool) {
	t := s.tok(i)
	if t == nil || t.Kind != analysis.KindNumber {
		return Expr{}, 0, false
	}
	a, b, ok := strings.Cut(t.Norm, "-")
	if !ok {
		return Expr{}, 0, false
	}
	d1, ok1 := parseDigits(a, 2)
	d2, ok2 := parseDigits(b, 2)
	if !ok1 || !ok2 || d1 < 1 || d2 <= d1 || d2 > 31 {
		return Expr{}, 0, false
	}
	m, j, ok := s.month(i + 1)
	if !ok {
		return Expr{}, 0, false
	}
	y, next, ok := s.yearAt(j)
	if !ok || d2 > daysIn(y, m) {
		return Expr{}, 0, false
	}
	e := s.expr(KindRange, i, next)
	e.setRange(ymd{y, m, d1}, ymd{y, m, d2})
	return e, next, true
}
