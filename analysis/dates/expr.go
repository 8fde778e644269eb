package dates

import (
	"fmt"
	"time"

	"github.com/clio-history/clio/analysis"
)

// Kind is the form a temporal expression takes.
type Kind uint8

// Kinds of expression.
const (
	KindYear     Kind = iota + 1 // "1922", "AD 60", "55 BC", "c.1200"
	KindRange                    // "1924–29", "between 1917 and 1924"
	KindDecade                   // "the 1920s", "the early 1930s"
	KindCentury                  // "the sixteenth century", "the 1800s"
	KindDay                      // "14 October 1066"
	KindMonth                    // "February 1918"
	KindDayMonth                 // "December 20th" (year from context, or none)
	KindRelative                 // "two years later", "the following year"
)

var kindNames = map[Kind]string{
	KindYear: "year", KindRange: "range", KindDecade: "decade", KindCentury: "century",
	KindDay: "day", KindMonth: "month", KindDayMonth: "day-month", KindRelative: "relative",
}

func (k Kind) String() string { return kindNames[k] }

// Relation is how a sentence relates what it says to the expression: "in
// 1922" (At), "by 1922", "before 1922", "after 1922", or "since"/"until"
// (Other), which describe a state rather than an event and are never checked.
type Relation uint8

// Relations.
const (
	At Relation = iota
	By
	Before
	After
	Other
)

// ymd is a calendar day, month or year. Years are astronomical: 1 BC is 0,
// 55 BC is -54. Month and Day are 0 when not given.
type ymd struct{ y, m, d int }

func (a ymd) first() time.Time {
	m, d := a.m, a.d
	if m == 0 {
		m = 1
	}
	if d == 0 {
		d = 1
	}
	return time.Date(a.y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

func (a ymd) last() time.Time {
	switch {
	case a.d != 0:
		return a.first()
	case a.m != 0:
		return a.first().AddDate(0, 1, -1)
	}
	return time.Date(a.y, 12, 31, 0, 0, 0, 0, time.UTC)
}

// Expr is one temporal expression found in a document.
type Expr struct {
	analysis.Span
	Kind Kind
	// Value is the ISO-like form of design.md ("1922", "1924/1929", "1920s",
	// "15xx", "1066-10-14", "--12-20"); "" for a relative expression with no
	// earlier date to resolve it against.
	Value string
	// From and To bound the expression when it is resolved (Resolved true).
	From, To time.Time
	Resolved bool
	// Contextual is true when the year came from an earlier date (a relative
	// expression, or a day and month without a year). Such dates are never
	// used to accuse a student of a mistake.
	Contextual bool
	// Approximate is true for "c.", "circa" and "early/mid/late" qualifiers.
	Approximate bool
	Relation    Relation
	// Impossible says why the expression cannot be a real date ("31 February",
	// "a year in the future"), or is "".
	Impossible string
	// Sentence is the index of the sentence in Document.Sentences.
	Sentence int

	tokStart, tokEnd int // token indices into Document.Tokens
	offset           offset
}

// offset is what a relative expression adds to its anchor.
type offset struct {
	years, months int
	// mode: 0 none, 'y' anchor's year + years, 'e' end of the anchor's
	// decade, 'Y' end of the anchor's year, 'c' end of the anchor's century.
	mode byte
}

func isoYear(y int) string {
	if y < 0 {
		return fmt.Sprintf("-%04d", -y)
	}
	return fmt.Sprintf("%04d", y)
}

func isoDay(t time.Time) string {
	return isoYear(t.Year()) + fmt.Sprintf("-%02d-%02d", int(t.Month()), t.Day())
}

func (a ymd) iso() string {
	switch {
	case a.d != 0:
		return isoYear(a.y) + fmt.Sprintf("-%02d-%02d", a.m, a.d)
	case a.m != 0:
		return isoYear(a.y) + fmt.Sprintf("-%02d", a.m)
	}
	return isoYear(a.y)
}

// setPoint resolves e to the single day, month or year a.
func (e *Expr) setPoint(a ymd) {
	e.Value = a.iso()
	e.From, e.To, e.Resolved = a.first(), a.last(), true
}

// setRange resolves e to the range a to b.
func (e *Expr) setRange(a, b ymd) {
	e.Value = a.iso() + "/" + b.iso()
	e.From, e.To, e.Resolved = a.first(), b.last(), true
}

// setYears resolves e to whole years from y1 to y2 keeping value v.
func (e *Expr) setYears(v string, y1, y2 int) {
	e.Value = v
	e.From, e.To, e.Resolved = ymd{y: y1}.first(), ymd{y: y2}.last(), true
}

// Date converts the expression to the report's form.
func (e *Expr) Date() analysis.Date {
	d := analysis.Date{Span: e.Span, Value: e.Value, Verdict: "unknown"}
	if e.Resolved {
		d.From, d.To = isoDay(e.From), isoDay(e.To)
	}
	return d
}

// daysIn is the number of days in month m of year y: the Julian rule for
// leap years before 1583, the Gregorian rule after.
func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		leap := y%4 == 0
		if y > 1582 {
			leap = y%4 == 0 && (y%100 != 0 || y%400 == 0)
		}
		if leap {
			return 29
		}
		return 28
	}
	return 31
}
