package storetest

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

func testCredentials(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	u := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Ms Patel", Email: "patel@school.example", Role: store.RoleTutor, Created: store.Now()}
	c := store.Credential{Login: "patel@school.example", OrgID: f.org.ID, UserID: u.ID, Hash: "$2a$10$hash"}
	require.NoError(t, s.CreateUserWithCredential(ctx, u, c))
	got, err := s.CredentialByLogin(ctx, c.Login)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	gotUser, err := s.GetUser(ctx, f.org.ID, u.ID)
	require.NoError(t, err)
	assert.Equal(t, u, gotUser)
	_, err = s.CredentialByLogin(ctx, "nobody@school.example")
	assert.ErrorIs(t, err, store.ErrNotFound)

	// A login already taken writes nothing: no user without a way in.
	again := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Impostor", Role: store.RoleTutor, Created: store.Now()}
	err = s.CreateUserWithCredential(ctx, again, store.Credential{Login: c.Login, OrgID: f.org.ID, UserID: again.ID, Hash: "x"})
	assert.ErrorIs(t, err, store.ErrConflict)
	_, err = s.GetUser(ctx, f.org.ID, again.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "the user of a refused login is not left behind")

	// A user id already taken writes no login.
	err = s.CreateUserWithCredential(ctx, f.pupil, store.Credential{Login: "fresh@school.example", OrgID: f.org.ID, UserID: f.pupil.ID, Hash: "x"})
	assert.ErrorIs(t, err, store.ErrConflict)
	_, err = s.CredentialByLogin(ctx, "fresh@school.example")
	assert.ErrorIs(t, err, store.ErrNotFound, "the login of a refused user is not left behind")

	orphan := store.User{ID: store.NewID("usr"), OrgID: "org_missing", Name: "x", Role: store.RoleTutor, Created: store.Now()}
	err = s.CreateUserWithCredential(ctx, orphan, store.Credential{Login: "orphan@x", OrgID: "org_missing", UserID: orphan.ID, Hash: "x"})
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// testCredentialRace: servers adding the same login at once (the old "is
// it taken?" check raced with the insert) end with one tutor.
func testCredentialRace(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			u := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Twin", Role: store.RoleTutor, Created: store.Now()}
			errs[i] = s.CreateUserWithCredential(ctx, u, store.Credential{Login: "twin@school.example", OrgID: f.org.ID, UserID: u.ID, Hash: "x"})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			assert.ErrorIs(t, err, store.ErrConflict)
		}
	}
	assert.Equal(t, 1, ok, "exactly one of the racing sign-ups wins")
	tutors, err := s.ListUsers(ctx, f.org.ID, store.RoleTutor)
	require.NoError(t, err)
	twins := 0
	for _, u := range tutors {
		if u.Name == "Twin" {
			twins++
		}
	}
	assert.Equal(t, 1, twins, "and only its user exists")
}

func testAccessCodes(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	now := store.Now()
	u := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Ann", Role: store.RoleStudent, Created: now}
	c := store.AccessCode{Hash: "code-hash-1", OrgID: f.org.ID, UserID: u.ID, Created: now}
	require.NoError(t, s.CreateUserWithAccessCode(ctx, u, c))
	got, err := s.AccessCodeByHash(ctx, c.Hash)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	_, err = s.AccessCodeByHash(ctx, "code-hash-2")
	assert.ErrorIs(t, err, store.ErrNotFound)

	dup := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Bob", Role: store.RoleStudent, Created: now}
	err = s.CreateUserWithAccessCode(ctx, dup, store.AccessCode{Hash: c.Hash, OrgID: f.org.ID, UserID: dup.ID, Created: now})
	assert.ErrorIs(t, err, store.ErrConflict)
	_, err = s.GetUser(ctx, f.org.ID, dup.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "no student without their code")
}

func testSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	ses := store.Session{TokenHash: "h1", OrgID: "org_1", UserID: "usr_1", CSRF: "tok", Expires: now.Add(time.Hour)}
	require.NoError(t, s.CreateSession(ctx, ses))
	got, err := s.SessionByHash(ctx, "h1", now)
	require.NoError(t, err)
	assert.Equal(t, ses, got)
	_, err = s.SessionByHash(ctx, "h1", now.Add(2*time.Hour))
	assert.ErrorIs(t, err, store.ErrNotFound, "an expired session is gone")
	assert.ErrorIs(t, s.CreateSession(ctx, ses), store.ErrConflict, "a token is never reused")
	require.NoError(t, s.PurgeSessions(ctx, now))
	_, err = s.SessionByHash(ctx, "h1", now)
	require.NoError(t, err, "purging keeps live sessions")
	require.NoError(t, s.PurgeSessions(ctx, now.Add(2*time.Hour)))
	_, err = s.SessionByHash(ctx, "h1", now)
	assert.ErrorIs(t, err, store.ErrNotFound, "a purged session is gone")
	require.NoError(t, s.CreateSession(ctx, ses))
	require.NoError(t, s.DeleteSession(ctx, "h1"))
	_, err = s.SessionByHash(ctx, "h1", now)
	assert.ErrorIs(t, err, store.ErrNotFound, "a deleted session is gone")
}

func testAssignmentOptions(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, err := s.AssignmentOptions(ctx, "org_1", "asg_1")
	require.NoError(t, err)
	assert.False(t, o.HideMarks, "marks are shown unless a tutor hides them")
	require.NoError(t, s.PutAssignmentOptions(ctx, store.AssignmentOptions{OrgID: "org_1", AssignmentID: "asg_1", HideMarks: true}))
	o, err = s.AssignmentOptions(ctx, "org_1", "asg_1")
	require.NoError(t, err)
	assert.True(t, o.HideMarks)
	o, err = s.AssignmentOptions(ctx, "org_2", "asg_1")
	require.NoError(t, err)
	assert.False(t, o.HideMarks, "options belong to one organisation")
	require.NoError(t, s.PutAssignmentOptions(ctx, store.AssignmentOptions{OrgID: "org_1", AssignmentID: "asg_1"}))
	o, err = s.AssignmentOptions(ctx, "org_1", "asg_1")
	require.NoError(t, err)
	assert.False(t, o.HideMarks, "saving again replaces the options")
}

func testSignIns(t *testing.T, s store.Store) {
	ctx := context.Background()
	const window = 15 * time.Minute
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	count := func(key string, at time.Time) int {
		t.Helper()
		n, err := s.CountSignIns(ctx, []string{key}, at, window)
		require.NoError(t, err)
		return n[0]
	}
	for i := 1; i <= 3; i++ {
		assert.Equal(t, i, count("login:a", t0.Add(time.Duration(i)*time.Minute)))
	}
	assert.Equal(t, 1, count("login:b", t0), "keys are counted apart")
	both, err := s.CountSignIns(ctx, []string{"login:a", "addr:1"}, t0.Add(4*time.Minute), window)
	require.NoError(t, err)
	assert.Equal(t, []int{4, 1}, both, "one attempt counted against two keys")
	read, err := s.SignIns(ctx, "login:a", t0.Add(4*time.Minute), window)
	require.NoError(t, err)
	assert.Equal(t, 4, read, "reading does not count")
	read, err = s.SignIns(ctx, "login:a", t0.Add(window+time.Minute), window)
	require.NoError(t, err)
	assert.Zero(t, read, "an ended window reads as none")
	require.NoError(t, s.UncountSignIn(ctx, "login:a"))
	assert.Equal(t, 4, count("login:a", t0.Add(5*time.Minute)), "an attempt taken back does not count")
	assert.Equal(t, 5, count("login:a", t0.Add(window)), "the window runs from its first attempt")
	assert.Equal(t, 1, count("login:a", t0.Add(window+time.Minute)), "after the window the count starts again")
	require.NoError(t, s.ClearSignIns(ctx, "login:a"))
	assert.Equal(t, 1, count("login:a", t0.Add(window+2*time.Minute)), "cleared")
	require.NoError(t, s.UncountSignIn(ctx, "login:never"), "taking back from nothing is harmless")

	// Purging drops the windows that ended, and only those.
	require.NoError(t, s.PurgeSignIns(ctx, t0.Add(window+90*time.Second), window))
	assert.Equal(t, 2, count("login:a", t0.Add(window+3*time.Minute)), "a live window survives a purge")
	assert.Equal(t, 1, count("login:b", t0.Add(window+3*time.Minute)), "an ended one is gone")

	// Attempts at once are each counted: no lost update lets a guess through.
	const n = 24
	got := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := s.CountSignIns(ctx, []string{"login:race", "addr:race"}, t0, window)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = c[0]
		})
	}
	wg.Wait()
	sort.Ints(got)
	for i, c := range got {
		assert.Equal(t, i+1, c, "concurrent attempts are counted 1..n")
	}
}
