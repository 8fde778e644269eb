package analysis

import "fmt"

// Span is a half-open range of byte offsets [Start, End) into the text
// exactly as it was submitted.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// In returns the bytes of text the span covers, or "" when the span does not
// lie inside text.
func (s Span) In(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// Contains reports whether other lies wholly inside s.
func (s Span) Contains(other Span) bool {
	return s.Start <= other.Start && other.End <= s.End
}

// Overlaps reports whether the two spans share at least one byte.
func (s Span) Overlaps(other Span) bool {
	return s.Start < other.End && other.Start < s.End
}

func (s Span) String() string { return fmt.Sprintf("[%d:%d]", s.Start, s.End) }
