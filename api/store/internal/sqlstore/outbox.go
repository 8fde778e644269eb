package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/clio-history/clio/api/store"
)

// eventPayload is what an outbox row carries besides its columns: the
// submission (without its text and report) and, for a review, the review,
// as they were when written.
type eventPayload struct {
	Submission store.Submission `json:"submission"`
	Review     *store.Review    `json:"review,omitempty"`
}

// insertEvent records an event inside the transaction of the change it
// reports.
func insertEvent(ctx context.Context, q Querier, kind store.EventKind, sub store.Submission, r *store.Review, at time.Time) error {
	sub.Text, sub.Report = "", nil
	b, err := json.Marshal(eventPayload{Submission: sub, Review: r})
	if err != nil {
		return fmt.Errorf("encoding the %s event: %w", kind, err)
	}
	// Due at once (next_attempt 0), whatever the clock of the server that
	// handles it says.
	_, err = q.Exec(ctx, `INSERT INTO outbox (id, kind, org_id, submission_id, payload, created, attempts, next_attempt, last_error)
		VALUES (?, ?, ?, ?, ?, ?, 0, 0, '')`,
		store.NewID("evt"), string(kind), sub.OrgID, sub.ID, string(b), micros(at))
	return err
}

const eventCols = `id, kind, org_id, payload, created, attempts, next_attempt, last_error`

func scanEvent(sc interface{ Scan(...any) error }) (store.Event, error) {
	var e store.Event
	var kind, payload string
	var created, next int64
	if err := sc.Scan(&e.ID, &kind, &e.OrgID, &payload, &created, &e.Attempts, &next, &e.LastError); err != nil {
		return store.Event{}, err
	}
	var p eventPayload
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return store.Event{}, fmt.Errorf("event %s: the payload does not decode: %w", e.ID, err)
	}
	e.Kind, e.Submission, e.Review = store.EventKind(kind), p.Submission, p.Review
	e.Created, e.NextAttempt = fromMicros(created), fromMicros(next)
	return e, nil
}

func (s *Store) ClaimEvent(ctx context.Context, now, leaseUntil time.Time) (store.Event, error) {
	var e store.Event
	err := s.write(ctx, func(q Querier) error {
		var id string
		// Oldest first, so that a submission's news goes out before its review's.
		if err := q.QueryRow(ctx, `SELECT id FROM outbox WHERE next_attempt <= ? ORDER BY created, id LIMIT 1`, micros(now)).Scan(&id); err != nil {
			return err
		}
		// The guard on next_attempt makes two servers claiming at once
		// (PostgreSQL runs them side by side) find one winner.
		n, err := q.Exec(ctx, `UPDATE outbox SET next_attempt = ? WHERE id = ? AND next_attempt <= ?`, micros(leaseUntil), id, micros(now))
		if err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		e, err = scanEvent(q.QueryRow(ctx, `SELECT `+eventCols+` FROM outbox WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return store.Event{}, fmt.Errorf("claiming an event: %w", err)
	}
	return e, nil
}

func (s *Store) DeleteEvent(ctx context.Context, id string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `DELETE FROM outbox WHERE id = ?`, id)
		return err
	})
}

func (s *Store) RetryEvent(ctx context.Context, id string, attempts int, next time.Time, lastError string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?`, attempts, micros(next), lastError, id)
		return err
	})
}

func (s *Store) PendingEvents(ctx context.Context) (int, error) {
	var n int
	if err := s.c.Read().QueryRow(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting events: %w", err)
	}
	return n, nil
}
