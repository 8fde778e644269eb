package store

import (
	"context"
	"time"
)

// EventKind names what happened.
type EventKind string

// The events the store records. Each is written in the same transaction as
// the change it reports (a transactional outbox), so a crash can lose
// neither the change nor the news of it; the LMS integration turns events
// into grade posts and webhooks.
const (
	EventSubmissionStored EventKind = "submission.stored"
	EventReviewStored     EventKind = "review.stored"
)

// Event is one entry of the outbox.
type Event struct {
	ID    string
	Kind  EventKind
	OrgID string
	// Submission is the submission stored or reviewed, without its Text and
	// Report.
	Submission Submission
	// Review is the review stored (EventReviewStored only).
	Review  *Review
	Created time.Time
	// Attempts counts the times handling the event failed; NextAttempt is
	// when it may be claimed again.
	Attempts    int
	NextAttempt time.Time
	LastError   string
}

// Outbox hands out the recorded events. Several workers (on several
// servers) may claim at once: each event is leased to one of them, and a
// worker that dies leaves it to be claimed again when the lease ends, so a
// handler must be idempotent.
type Outbox interface {
	// ClaimEvent takes the oldest due event and leases it until leaseUntil;
	// ErrNotFound when none is due.
	ClaimEvent(ctx context.Context, now, leaseUntil time.Time) (Event, error)
	// DeleteEvent removes an event once it has been handled.
	DeleteEvent(ctx context.Context, id string) error
	// RetryEvent records a failure to handle an event and when to try again.
	RetryEvent(ctx context.Context, id string, attempts int, next time.Time, lastError string) error
	// PendingEvents counts the events not yet handled.
	PendingEvents(ctx context.Context) (int, error)
}
