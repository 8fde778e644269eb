package store

import (
	"context"
	"time"
)

// PersonRecord is everything the store holds about one student, for a
// subject access request: who they are, how they sign in (hashes only, as
// stored), their work with its reviews, and what the LMS integration keeps
// for them.
type PersonRecord struct {
	User User
	Keys []Key
	// Submissions are every draft, oldest first, with text and report.
	Submissions []Submission
	Reviews     []Review
	AccessCodes []AccessCode
	Credential  *Credential
	// Sessions counts the browsers signed in as them (the tokens are
	// secrets of the browser, not data about the person).
	Sessions int
	LTILinks []LTIUserLink
	Scores   []ScoreJob
	// Deliveries are the webhook events queued or sent about their work.
	Deliveries []Delivery
	// Events counts the outbox events still to be handled for their work.
	Events int
}

// LTIUserLink is an LMS's id for a Clio user.
type LTIUserLink struct {
	PlatformID string `json:"platform_id"`
	LMSID      string `json:"lms_user_id"`
}

// Erasure is what erasing a student removed, and the anonymous trace it
// leaves in the markbook: one row per assignment they had work for, so a
// tutor sees that work was there and was deleted, without any of it.
type Erasure struct {
	ID          string
	OrgID       string
	Submissions int
	Reviews     int
	Keys        int
	LTILinks    int
	Scores      int
	Deliveries  int
	Erased      time.Time
}

// ErasedWork is the markbook's trace of an erased student's work on one
// assignment: no name, no id, no text, only that there were drafts.
type ErasedWork struct {
	ErasureID       string
	AssignmentID    string
	AssignmentTitle string
	Drafts          int
	Erased          time.Time
}

// People answers a school's requests about one student's data.
type People interface {
	// UserByID finds a user in any organisation, for operator tools (the
	// CLI) that are given only an id; the API never uses it.
	UserByID(ctx context.Context, id string) (User, error)
	// ExportStudent gathers everything held about a student; ErrNotFound
	// when orgID has no such student.
	ExportStudent(ctx context.Context, orgID, userID string) (PersonRecord, error)
	// EraseStudent deletes a student and, in the same transaction, every
	// row that is theirs: drafts, reviews of them, keys, sign-in codes and
	// sessions, LMS id mappings, queued grades, webhook deliveries and
	// attempts about their work, and outbox events. It leaves one ErasedWork
	// row per assignment they had work for. ErrNotFound when orgID has no
	// such student.
	EraseStudent(ctx context.Context, orgID, userID string, at time.Time) (Erasure, error)
	// ErasedWork lists the markbook's traces of erased work, optionally for
	// one assignment.
	ErasedWork(ctx context.Context, orgID, assignmentID string) ([]ErasedWork, error)
}
