package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clio-history/clio/rubric"
)

// A tutor's decisions on Clio's suggested mark.
const (
	DecisionAccept   = "accept"
	DecisionOverride = "override"
)

// MaxCommentBytes caps a review's comment.
const MaxCommentBytes = 4000

// Decision is what a tutor asks for, from the API or the web pages: accept
// Clio's suggestion, or override it with a level, a mark and a comment.
type Decision struct {
	Action string
	// Level and Mark are the tutor's for an override; an accept may leave
	// them out or repeat the suggestion.
	Level, Mark *int
	Comment     string
}

// ErrInvalidReview is wrapped by every *ReviewError.
var ErrInvalidReview = errors.New("invalid review")

// ReviewError is a decision the rules refuse. Field is the part at fault
// (decision, level, mark or comment) and Reason says why in words a tutor
// can act on; the API and the web pages show it as it is.
type ReviewError struct {
	Field  string
	Reason string
}

func (e *ReviewError) Error() string { return e.Reason }
func (e *ReviewError) Unwrap() error { return ErrInvalidReview }

func refuse(field, format string, a ...any) error {
	return &ReviewError{Field: field, Reason: fmt.Sprintf(format, a...)}
}

// NewReview is the one rule for reviews, used by every way of making one:
// it checks d against the submission's rubric r (which an accept does not
// need, and may be nil for) and returns the review of sub by reviewerID at
// time at. An override needs a level within the
// rubric, a mark within that level's band and a comment saying why;
// comments are plain text of at most MaxCommentBytes.
func NewReview(sub Submission, r *rubric.Rubric, reviewerID string, d Decision, at time.Time) (Review, error) {
	rv := Review{SubmissionID: sub.ID, OrgID: sub.OrgID, ReviewerID: reviewerID,
		SuggestedLevel: sub.Level, SuggestedMark: sub.Mark, Created: at}
	if d.Action != DecisionAccept && d.Action != DecisionOverride {
		return Review{}, refuse("decision", "Choose %q or %q, not %q.", DecisionAccept, DecisionOverride, d.Action)
	}
	comment := strings.TrimSpace(d.Comment)
	switch {
	case len(comment) > MaxCommentBytes:
		return Review{}, refuse("comment", "The comment is %d bytes; keep it to %d.", len(comment), MaxCommentBytes)
	case !utf8.ValidString(comment):
		return Review{}, refuse("comment", "The comment is not plain text (it is not valid UTF-8).")
	case strings.ContainsFunc(comment, func(c rune) bool { return c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f }):
		return Review{}, refuse("comment", "The comment contains a control character.")
	}
	rv.Comment = comment
	if d.Action == DecisionAccept {
		if (d.Level != nil && *d.Level != sub.Level) || (d.Mark != nil && *d.Mark != sub.Mark) {
			return Review{}, refuse("decision", "To change the level or mark, override the suggestion instead of accepting it.")
		}
		rv.FinalLevel, rv.FinalMark = sub.Level, sub.Mark
		return rv, nil
	}
	switch {
	case d.Level == nil:
		return Review{}, refuse("level", "An override needs a level and a mark.")
	case d.Mark == nil:
		return Review{}, refuse("mark", "An override needs a level and a mark.")
	case comment == "":
		return Review{}, refuse("comment", "Say why in a comment when you override Clio's suggestion.")
	}
	if r == nil {
		return Review{}, errors.New("store: checking an override needs the submission's rubric")
	}
	level, mark := *d.Level, *d.Mark
	var band *rubric.Band
	for i := range r.Levels {
		if r.Levels[i].Level == level {
			band = &r.Levels[i].Band
		}
	}
	scheme := r.Name
	if scheme == "" {
		scheme = r.ID
	}
	if band == nil {
		return Review{}, refuse("level", "The level must be from 1 to %d on %s, not %d.", r.MaxLevel(), scheme, level)
	}
	if mark < band.Min || mark > band.Max {
		return Review{}, refuse("mark", "Level %d of %s takes marks %d to %d, not %d.", level, scheme, band.Min, band.Max, mark)
	}
	rv.FinalLevel, rv.FinalMark, rv.Overridden = level, mark, true
	return rv, nil
}
