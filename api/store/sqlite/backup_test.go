package sqlite_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

// TestBackupWhileWritingRestores backs the database up while a writer is
// storing submissions, then restores the copy as a data directory of its
// own: it opens, every submission acknowledged before the backup began is
// in it with its text and review, drafts go on being numbered from where
// they were, and nothing is half-written.
func TestBackupWhileWritingRestores(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	org := store.Org{ID: store.NewID("org"), Name: "Backed-up College", Created: store.Now()}
	admin := store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Admin", Role: store.RoleAdmin, Created: store.Now()}
	pupil := store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Pupil", Role: store.RoleStudent, Created: store.Now()}
	h := sha256.Sum256([]byte("secret"))
	_, err = s.Bootstrap(ctx, org, admin, store.Key{ID: store.NewID("key"), OrgID: org.ID, UserID: admin.ID, Prefix: "p", Hash: h[:], Created: store.Now()})
	require.NoError(t, err)
	require.NoError(t, s.CreateUser(ctx, pupil))
	asg := store.Assignment{ID: store.NewID("asg"), OrgID: org.ID, Title: "Stalin", Question: "Why?", Rubric: "aqa-a-level-essay-25",
		CreatedBy: admin.ID, Created: store.Now()}
	require.NoError(t, s.CreateAssignment(ctx, asg))
	submit := func(i int) *store.Submission {
		sub := &store.Submission{ID: store.NewID("sub"), OrgID: org.ID, StudentID: pupil.ID, AssignmentID: asg.ID,
			Text: fmt.Sprintf("Essay number %d on the rise of Stalin.", i), Rubric: "aqa-a-level-essay-25", Level: 3, Mark: 12, MaxMark: 25,
			Report: []byte(`{}`), ClioVersion: "t", Analyzers: "a", RubricVersion: "r", Created: store.Now()}
		require.NoError(t, s.CreateSubmission(ctx, sub))
		return sub
	}
	var before []*store.Submission
	for i := range 20 {
		before = append(before, submit(i))
	}
	require.NoError(t, s.PutReview(ctx, store.Review{SubmissionID: before[0].ID, OrgID: org.ID, ReviewerID: admin.ID,
		SuggestedLevel: 3, SuggestedMark: 12, FinalLevel: 3, FinalMark: 13, Overridden: true, Comment: "kept", Created: store.Now()}))

	// A writer keeps going while the backup is taken.
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	written := 0
	go func() {
		defer wg.Done()
		for i := 100; !stop.Load(); i++ {
			submit(i)
			written++
		}
	}()
	dest := filepath.Join(t.TempDir(), "backup.db")
	size, err := sqlite.Backup(ctx, dir, dest)
	stop.Store(true)
	wg.Wait()
	require.NoError(t, err)
	assert.Positive(t, size)
	t.Logf("backup of %d bytes taken while %d submissions were written", size, written)
	fi, err := os.Stat(dest)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the copy holds essays: private")
	_, err = os.Stat(dest + ".partial")
	assert.ErrorIs(t, err, os.ErrNotExist)

	_, err = sqlite.Backup(ctx, dir, dest)
	assert.ErrorContains(t, err, "already exists", "a backup is never overwritten")
	_, err = sqlite.Backup(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x.db"))
	assert.ErrorContains(t, err, "no database", "an empty directory is not backed up as an empty database")

	// Restore: the copy becomes clio.db of a new data directory.
	restored := t.TempDir()
	b, err := os.ReadFile(dest)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(restored, sqlite.FileName), b, 0o600))
	r, err := sqlite.Open(ctx, restored)
	require.NoError(t, err)
	defer r.Close()
	drafts, err := r.Drafts(ctx, org.ID, pupil.ID, asg.ID)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(drafts), len(before))
	for i, d := range drafts {
		assert.Equal(t, i+1, d.Draft, "drafts numbered without a gap")
		if i < len(before) {
			assert.Equal(t, before[i].ID, d.ID)
			assert.Equal(t, before[i].Text, d.Text)
		}
	}
	rv, err := r.GetReview(ctx, org.ID, before[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "kept", rv.Comment)
	_, k, err := r.KeyByHash(ctx, h[:])
	require.NoError(t, err)
	assert.Equal(t, admin.ID, k.ID)
	events, err := r.PendingEvents(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(drafts)+1, events, "the outbox came across with the work: one event per draft and one for the review")
	next := &store.Submission{ID: store.NewID("sub"), OrgID: org.ID, StudentID: pupil.ID, AssignmentID: asg.ID, Text: "after",
		Rubric: "r", Report: []byte(`{}`), Created: store.Now()}
	require.NoError(t, r.CreateSubmission(ctx, next))
	assert.Equal(t, len(drafts)+1, next.Draft)
}
