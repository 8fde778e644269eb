package history

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision is how exactly a date or interval is known.
type Precision uint8

// Precisions, finest first.
const (
	PrecisionDay Precision = iota + 1
	PrecisionMonth
	PrecisionYear
	PrecisionDecade
)

func (p Precision) String() string {
	switch p {
	case PrecisionDay:
		return "day"
	case PrecisionMonth:
		return "month"
	case PrecisionYear:
		return "year"
	case PrecisionDecade:
		return "decade"
	}
	return "unknown"
}

// Date is a day, month or year, written as the topic's historians write it:
// Gregorian (New Style) for Russia after February 1918 and for 1917 (with the
// Old Style date in the event's note), and the Julian calendar with the year
// beginning on 1 January for England before 1752. Each pack's notes say which.
// Month and Day are zero when unknown; the zero Date means "not known".
type Date struct {
	Year  int `json:"year"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision is day, month or year.
func (d Date) Precision() Precision {
	switch {
	case d.Day != 0:
		return PrecisionDay
	case d.Month != 0:
		return PrecisionMonth
	default:
		return PrecisionYear
	}
}

// String is the ISO-like form: "1922", "1922-04" or "1922-04-03".
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d", d.Year)
}

// First is the first day the date covers.
func (d Date) First() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Last is the last day the date covers.
func (d Date) Last() time.Time {
	switch d.Precision() {
	case PrecisionDay:
		return d.First()
	case PrecisionMonth:
		return d.First().AddDate(0, 1, -1)
	}
	return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
}

// MarshalText writes the ISO-like form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ParseDate reads "1922", "1922-04" or "1922-04-03" and checks that the day
// exists.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return Date{}, fmt.Errorf("%q is not a date: month and day take two digits", s)
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	switch {
	case d.Year < 1:
		return Date{}, fmt.Errorf("%q: year must be after 0", s)
	case len(parts) >= 2 && (d.Month < 1 || d.Month > 12):
		return Date{}, fmt.Errorf("%q: month must be 01 to 12", s)
	case len(parts) == 3 && (d.Day < 1 || d.First().Month() != time.Month(d.Month)):
		return Date{}, fmt.Errorf("%q: that day does not exist", s)
	}
	return d, nil
}

// Interval is when an event happened: a single date (From == To), a range of
// dates, or a decade.
type Interval struct {
	From Date `json:"from"`
	To   Date `json:"to"`
	// Precision is the coarser of the two ends' precisions, or decade.
	Precision Precision `json:"-"`
}

// IsZero reports whether the interval is unknown.
func (iv Interval) IsZero() bool { return iv.From.IsZero() }

// Single reports whether the interval is one date.
func (iv Interval) Single() bool { return iv.From == iv.To && iv.Precision != PrecisionDecade }

// First is the first day the interval covers.
func (iv Interval) First() time.Time { return iv.From.First() }

// Last is the last day the interval covers.
func (iv Interval) Last() time.Time { return iv.To.Last() }

// Contains reports whether every day of d lies inside the interval.
func (iv Interval) Contains(d Date) bool {
	return !d.First().Before(iv.First()) && !d.Last().After(iv.Last())
}

// Overlaps reports whether d shares at least one day with the interval.
func (iv Interval) Overlaps(d Date) bool {
	return !d.Last().Before(iv.First()) && !d.First().After(iv.Last())
}

// String is the form used in packs: "1922-04-03", "1924/1929" or "1920s".
func (iv Interval) String() string {
	switch {
	case iv.Precision == PrecisionDecade:
		return fmt.Sprintf("%04ds", iv.From.Year)
	case iv.From == iv.To:
		return iv.From.String()
	}
	return iv.From.String() + "/" + iv.To.String()
}

// MarshalText writes the pack form.
func (iv Interval) MarshalText() ([]byte, error) { return []byte(iv.String()), nil }

var errEmptyDate = errors.New("no date given")

// ParseInterval reads a date ("1922-04-03"), a range ("1924/1929",
// "1928-10-01/1932-12-31") or a decade ("1920s").
func ParseInterval(s string) (Interval, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Interval{}, errEmptyDate
	}
	if dec, ok := strings.CutSuffix(s, "s"); ok {
		y, err := strconv.Atoi(dec)
		if err != nil || len(dec) != 4 || y%10 != 0 || y < 10 {
			return Interval{}, fmt.Errorf("%q is not a decade: write e.g. 1920s", s)
		}
		return Interval{From: Date{Year: y}, To: Date{Year: y + 9}, Precision: PrecisionDecade}, nil
	}
	from, to, isRange := strings.Cut(s, "/")
	f, err := ParseDate(from)
	if err != nil {
		return Interval{}, err
	}
	iv := Interval{From: f, To: f, Precision: f.Precision()}
	if !isRange {
		return iv, nil
	}
	t, err := ParseDate(to)
	if err != nil {
		return Interval{}, err
	}
	if t.Last().Before(f.First()) || t == f {
		return Interval{}, fmt.Errorf("%q: the interval must end after it begins", s)
	}
	iv.To = t
	iv.Precision = max(f.Precision(), t.Precision())
	return iv, nil
}
