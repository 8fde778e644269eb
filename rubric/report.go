package rubric

import "github.com/clio-history/clio/analysis"

// ReportVersion is the version of the report contract in design.md. Fields
// are only ever added within a version.
const ReportVersion = "1"

// Report is what Clio returns for one essay (design.md, "Report, version 1").
type Report struct {
	Version    string            `json:"version"`
	Rubric     RubricRef         `json:"rubric"`
	Question   analysis.Question `json:"question"`
	Level      int               `json:"level"`
	MaxLevel   int               `json:"max_level"`
	Mark       int               `json:"mark"`
	MaxMark    int               `json:"max_mark"`
	Confidence float64           `json:"confidence"`
	// Borderline flags an essay near a band edge, or judged with little
	// confidence, for a tutor to check.
	Borderline bool `json:"borderline"`
	// Score is the weighted criteria score (0..1) the level was placed from.
	Score float64 `json:"score"`
	// Caps lists the caps that lowered the level, with their reasons.
	Caps []AppliedCap `json:"caps,omitempty"`
	// SPaG is the separate mark for spelling, punctuation and grammar, when
	// the rubric awards one (it is not part of Mark).
	SPaG *SPaGMark `json:"spag,omitempty"`
	// Calibration is set when a profile placed the mark.
	Calibration *Calibration       `json:"calibration,omitempty"`
	Criteria    []CriterionResult  `json:"criteria"`
	Findings    []analysis.Finding `json:"findings"`
	Dates       []analysis.Date    `json:"dates"`
	Feedback    Feedback           `json:"feedback"`
	Stats       Stats              `json:"stats"`
	// Versions records what produced the report, so a stored report can be
	// explained later: the analyzers that ran and the rubric.
	Versions Versions `json:"versions"`
}

// SPaGMark is the mark for spelling, punctuation and grammar.
type SPaGMark struct {
	Mark    int    `json:"mark"`
	MaxMark int    `json:"max_mark"`
	Reason  string `json:"reason"`
}

// RubricRef identifies the rubric a report was marked against.
type RubricRef struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	MaxMark int    `json:"max_mark"`
}

// CriterionResult is the judgement on one criterion, with the findings that
// drove it.
type CriterionResult struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Score    float64  `json:"score"`
	Level    int      `json:"level"`
	Comment  string   `json:"comment"`
	Findings []string `json:"findings"`
}

// Feedback is written for the student in the form UK teachers use.
type Feedback struct {
	Summary   string   `json:"summary"`
	WWW       []string `json:"www"`
	EBI       []string `json:"ebi"`
	NextLevel string   `json:"next_level"`
}

// Stats describes the essay and the work done on it.
type Stats struct {
	Words      int     `json:"words"`
	Sentences  int     `json:"sentences"`
	Paragraphs int     `json:"paragraphs"`
	ElapsedMS  float64 `json:"elapsed_ms"`
}

// Versions says which code and data produced a report.
type Versions struct {
	Clio      string   `json:"clio"`
	Analyzers []string `json:"analyzers"`
	Rubric    string   `json:"rubric"`
}

// AppliedCap is a cap that lowered the level.
type AppliedCap struct {
	When     string `json:"when"`
	MaxLevel int    `json:"max_level"`
	Reason   string `json:"reason"`
}

// Calibration says which profile set placed the mark and how well it agreed
// with people when it was fitted.
type Calibration struct {
	Set string `json:"set"`
	// N is how many marked essays the set's model was fitted on.
	N int `json:"n"`
	// CVQWK is the model's cross-validated agreement with people.
	CVQWK float64 `json:"cv_qwk"`
	// Predicted is the model's estimate on its own scale MinMark..MaxMark.
	Predicted float64 `json:"predicted"`
	MinMark   int     `json:"min_mark"`
	MaxMark   int     `json:"max_mark"`
}
