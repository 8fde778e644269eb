package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

// drainEvents claims and deletes every due event, returning them in the
// order claimed.
func drainEvents(t *testing.T, s store.Store) []store.Event {
	t.Helper()
	ctx := context.Background()
	var out []store.Event
	for {
		now := time.Now()
		e, err := s.ClaimEvent(ctx, now, now.Add(time.Minute))
		if err != nil {
			require.ErrorIs(t, err, store.ErrNotFound)
			return out
		}
		require.NoError(t, s.DeleteEvent(ctx, e.ID))
		out = append(out, e)
	}
}

// testOutboxWrittenWithTheChange: every stored submission and review has
// its event, written with it; a refused write has none.
func testOutboxWrittenWithTheChange(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	drainEvents(t, s)

	sub := submission(f, f.pupil, f.assignment.ID, 12)
	require.NoError(t, s.CreateSubmission(ctx, sub))
	r := store.Review{SubmissionID: sub.ID, OrgID: f.org.ID, ReviewerID: f.tutor.ID, SuggestedLevel: sub.Level, SuggestedMark: 12,
		FinalLevel: 4, FinalMark: 17, Overridden: true, Comment: "Sustained judgement.", Created: store.Now()}
	require.NoError(t, s.PutReview(ctx, r))
	n, err := s.PendingEvents(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	events := drainEvents(t, s)
	require.Len(t, events, 2)
	assert.Equal(t, store.EventSubmissionStored, events[0].Kind, "the submission's event comes first")
	assert.Equal(t, sub.ID, events[0].Submission.ID)
	assert.Equal(t, f.org.ID, events[0].OrgID)
	assert.Equal(t, f.pupil.ID, events[0].Submission.StudentID)
	assert.Equal(t, f.assignment.ID, events[0].Submission.AssignmentID)
	assert.Equal(t, 1, events[0].Submission.Draft, "the event has the draft number the store gave")
	assert.Equal(t, 25, events[0].Submission.MaxMark)
	assert.Empty(t, events[0].Submission.Text, "the outbox does not copy the essay")
	assert.Nil(t, events[0].Review)

	assert.Equal(t, store.EventReviewStored, events[1].Kind)
	require.NotNil(t, events[1].Review)
	assert.Equal(t, r, *events[1].Review, "the review as it was stored")
	assert.Equal(t, sub.ID, events[1].Submission.ID)
	assert.Equal(t, f.pupil.ID, events[1].Submission.StudentID, "a review's event knows whose work it is")

	// Refused writes leave no news behind.
	stranger := submission(f, f.otherUser, f.assignment.ID, 3)
	stranger.OrgID = f.org.ID
	require.ErrorIs(t, s.CreateSubmission(ctx, stranger), store.ErrNotFound)
	bad := r
	bad.OrgID = f.otherOrg.ID
	require.ErrorIs(t, s.PutReview(ctx, bad), store.ErrNotFound)
	n, err = s.PendingEvents(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a write that failed wrote no event")
}

func testOutboxLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	drainEvents(t, s)
	sub := submission(f, f.pupil, f.assignment.ID, 12)
	require.NoError(t, s.CreateSubmission(ctx, sub))
	now := time.Now()
	e, err := s.ClaimEvent(ctx, now, now.Add(time.Minute))
	require.NoError(t, err)
	_, err = s.ClaimEvent(ctx, now, now.Add(time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound, "a leased event is not handed out twice")
	again, err := s.ClaimEvent(ctx, now.Add(2*time.Minute), now.Add(3*time.Minute))
	require.NoError(t, err, "a lease that ran out (the worker died) frees the event")
	assert.Equal(t, e.ID, again.ID)
	require.NoError(t, s.RetryEvent(ctx, e.ID, 1, now.Add(10*time.Minute), "the database blinked"))
	_, err = s.ClaimEvent(ctx, now.Add(5*time.Minute), now.Add(6*time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound, "not before its retry time")
	retried, err := s.ClaimEvent(ctx, now.Add(10*time.Minute), now.Add(11*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 1, retried.Attempts)
	assert.Equal(t, "the database blinked", retried.LastError)
	require.NoError(t, s.DeleteEvent(ctx, e.ID))
	n, err := s.PendingEvents(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func testOutboxConcurrentWorkers(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	drainEvents(t, s)
	for i := range 20 {
		require.NoError(t, s.CreateSubmission(ctx, submission(f, f.pupil, f.assignment.ID, i)))
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				now := time.Now()
				e, err := s.ClaimEvent(ctx, now, now.Add(time.Hour))
				if err != nil {
					return
				}
				mu.Lock()
				seen[e.ID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, seen, 20)
	for id, n := range seen {
		assert.Equal(t, 1, n, "event %s claimed by one worker", id)
	}
}
