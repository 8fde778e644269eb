package analysis

import (
	"encoding/json"
	"fmt"
)

// Severity grades a finding. The order matters: rubric weighs errors above
// warnings, and feedback draws strengths from SeverityStrength.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityStrength
	SeverityWarning
	SeverityError
)

var severityNames = map[Severity]string{
	SeverityInfo: "info", SeverityStrength: "strength", SeverityWarning: "warning", SeverityError: "error",
}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity is the inverse of String.
func ParseSeverity(s string) (Severity, error) {
	for k, v := range severityNames {
		if v == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return fmt.Errorf("severity: %w", err)
	}
	v, err := ParseSeverity(name)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one observation about the essay, tied to the bytes it is about.
// Codes are stable and dotted ("spelling.misspelled"); the README lists them.
type Finding struct {
	// ID is assigned by the pipeline ("f1", "f2", ...) in order of position.
	ID       string   `json:"id"`
	Analyzer string   `json:"analyzer"`
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Span
	// Text is filled in by the pipeline from Span: it always equals the
	// essay's bytes at Start:End.
	Text        string   `json:"text"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
	// Paragraph is the index of the paragraph the finding starts in, or -1
	// when it concerns the whole essay. Analyzers mark a whole-essay finding
	// (a factor the essay never mentions) with an empty span.
	Paragraph int `json:"paragraph"`
	// Data carries analyzer-specific facts other layers may use (a date's
	// correct value, a factor's id). Keys are documented by each analyzer.
	Data map[string]string `json:"data,omitempty"`
}

// Date is one temporal expression found in the essay, normalised, with the
// verdict of checking it against what happened (design.md's dates array).
type Date struct {
	ID string `json:"id"`
	Span
	Text string `json:"text"`
	// Value is ISO-like: "1922", "1924/1929", "1920s", "15xx", "1066-10-14",
	// "--12-20".
	Value string `json:"value"`
	// From and To bound the expression: "1922" is 1922-01-01 to 1922-12-31.
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Event   string `json:"event,omitempty"`
	Verdict string `json:"verdict"`
}
