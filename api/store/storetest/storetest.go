package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

// Run runs the suite. open must return a fresh, empty, migrated store for
// each call; Run closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"BootstrapOnlyOnce", testBootstrap},
		{"UsersIsolatedByOrg", testUsers},
		{"KeysLookupAndRevoke", testKeys},
		{"Assignments", testAssignments},
		{"SubmissionDraftsNumbered", testDrafts},
		{"SubmissionsConcurrentDraftsUnique", testConcurrentDrafts},
		{"ReviewsReplaceAndMarkbook", testReviews},
		{"CustomRubrics", testRubrics},
		{"TimesRoundTrip", testTimes},
		{"OrgWithAdminAllOrNothing", testOrgWithAdmin},
		{"UserAndCredentialTogether", testCredentials},
		{"CredentialRaceHasOneWinner", testCredentialRace},
		{"UserAndAccessCodeTogether", testAccessCodes},
		{"SessionsExpire", testSessions},
		{"AssignmentOptions", testAssignmentOptions},
		{"SignInsCountedPerKey", testSignIns},
		{"LTIStatesAndNoncesSingleUse", testLTIStates},
		{"LTILinks", testLTILinks},
		{"LTIScoreQueue", testLTIScoreQueue},
		{"LTIToolKeysAndPlatforms", testLTIToolKeysAndPlatforms},
		{"LTIWebhooks", testLTIWebhooks},
		{"OutboxWrittenWithTheChange", testOutboxWrittenWithTheChange},
		{"OutboxLeases", testOutboxLeases},
		{"OutboxConcurrentWorkers", testOutboxConcurrentWorkers},
		{"ExportAndEraseStudent", testExportAndEraseStudent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { _ = s.Close() })
			tc.fn(t, s)
		})
	}
}

type fixture struct {
	org                  store.Org
	admin, tutor, pupil  store.User
	pupil2               store.User
	otherOrg             store.Org
	otherUser            store.User
	assignment           store.Assignment
	otherOrgsAssignement store.Assignment
}

func newOrg(t *testing.T, s store.Store, name string) store.Org {
	t.Helper()
	o := store.Org{ID: store.NewID("org"), Name: name, Created: store.Now()}
	require.NoError(t, s.CreateOrg(context.Background(), o))
	return o
}

func newUser(t *testing.T, s store.Store, org string, name string, role store.Role) store.User {
	t.Helper()
	u := store.User{ID: store.NewID("usr"), OrgID: org, Name: name, Email: name + "@example.org", Role: role, Created: store.Now()}
	require.NoError(t, s.CreateUser(context.Background(), u))
	return u
}

func setup(t *testing.T, s store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	f.org = newOrg(t, s, "Northfield College")
	f.admin = newUser(t, s, f.org.ID, "Ada Admin", store.RoleAdmin)
	f.tutor = newUser(t, s, f.org.ID, "Tom Tutor", store.RoleTutor)
	f.pupil = newUser(t, s, f.org.ID, "Sam Student", store.RoleStudent)
	f.pupil2 = newUser(t, s, f.org.ID, "Priya Student", store.RoleStudent)
	f.otherOrg = newOrg(t, s, "Southgate School")
	f.otherUser = newUser(t, s, f.otherOrg.ID, "Olly Other", store.RoleTutor)
	f.assignment = store.Assignment{ID: store.NewID("asg"), OrgID: f.org.ID, Title: "Stalin's rise", Question: "Why did Stalin become leader?",
		Rubric: "aqa-a-level-essay-25", Class: "13X", CreatedBy: f.tutor.ID, Created: store.Now()}
	require.NoError(t, s.CreateAssignment(ctx, f.assignment))
	f.otherOrgsAssignement = store.Assignment{ID: store.NewID("asg"), OrgID: f.otherOrg.ID, Title: "Other", Question: "Q",
		Rubric: "aqa-a-level-essay-25", CreatedBy: f.otherUser.ID, Created: store.Now()}
	require.NoError(t, s.CreateAssignment(ctx, f.otherOrgsAssignement))
	return f
}

func submission(f fixture, student store.User, assignment string, mark int) *store.Submission {
	return &store.Submission{ID: store.NewID("sub"), OrgID: student.OrgID, StudentID: student.ID, AssignmentID: assignment,
		Text: "Stalin rose because of his post as General Secretary.", Question: "Why?", Rubric: "aqa-a-level-essay-25",
		Level: mark/5 + 1, Mark: mark, MaxMark: 25, Report: []byte(fmt.Sprintf(`{"mark":%d}`, mark)),
		ClioVersion: "test", Analyzers: "structure", RubricVersion: "aqa-a-level-essay-25@abc", Created: store.Now()}
}

func testBootstrap(t *testing.T, s store.Store) {
	ctx := context.Background()
	mk := func(name string) (store.Org, store.User, store.Key) {
		o := store.Org{ID: store.NewID("org"), Name: name, Created: store.Now()}
		u := store.User{ID: store.NewID("usr"), OrgID: o.ID, Name: "admin", Role: store.RoleAdmin, Created: store.Now()}
		h := sha256.Sum256([]byte(name))
		k := store.Key{ID: store.NewID("key"), OrgID: o.ID, UserID: u.ID, Prefix: "clio_", Hash: h[:], Created: store.Now()}
		return o, u, k
	}
	o, u, k := mk("first")
	created, err := s.Bootstrap(ctx, o, u, k)
	require.NoError(t, err)
	assert.True(t, created)
	got, err := s.GetOrg(ctx, o.ID)
	require.NoError(t, err)
	assert.True(t, got.Operator, "the bootstrap organisation is the operator")

	o2, u2, k2 := mk("second")
	created, err = s.Bootstrap(ctx, o2, u2, k2)
	require.NoError(t, err)
	assert.False(t, created, "a second bootstrap must do nothing")
	_, err = s.GetOrg(ctx, o2.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	h := sha256.Sum256([]byte("first"))
	key, user, err := s.KeyByHash(ctx, h[:])
	require.NoError(t, err)
	assert.Equal(t, k.ID, key.ID)
	assert.Equal(t, u.ID, user.ID)
	assert.Equal(t, store.RoleAdmin, user.Role)
}

func testUsers(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	got, err := s.GetUser(ctx, f.org.ID, f.pupil.ID)
	require.NoError(t, err)
	assert.Equal(t, f.pupil, got)

	_, err = s.GetUser(ctx, f.otherOrg.ID, f.pupil.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "a user is invisible from another organisation")

	students, err := s.ListUsers(ctx, f.org.ID, store.RoleStudent)
	require.NoError(t, err)
	assert.Len(t, students, 2)
	all, err := s.ListUsers(ctx, f.org.ID, "")
	require.NoError(t, err)
	assert.Len(t, all, 4)
	for _, u := range all {
		assert.Equal(t, f.org.ID, u.OrgID)
	}

	dup := f.pupil
	assert.ErrorIs(t, s.CreateUser(ctx, dup), store.ErrConflict)
	orphan := store.User{ID: store.NewID("usr"), OrgID: "org_missing", Name: "x", Role: store.RoleStudent, Created: store.Now()}
	assert.ErrorIs(t, s.CreateUser(ctx, orphan), store.ErrNotFound)
}

func testKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	h := sha256.Sum256([]byte("secret-1"))
	k := store.Key{ID: store.NewID("key"), OrgID: f.org.ID, UserID: f.tutor.ID, Name: "laptop", Prefix: "clio_abc", Hash: h[:], Created: store.Now()}
	require.NoError(t, s.CreateKey(ctx, k))

	got, user, err := s.KeyByHash(ctx, h[:])
	require.NoError(t, err)
	assert.Equal(t, k.ID, got.ID)
	assert.Equal(t, h[:], got.Hash)
	assert.Equal(t, f.tutor, user)

	other := sha256.Sum256([]byte("secret-2"))
	_, _, err = s.KeyByHash(ctx, other[:])
	assert.ErrorIs(t, err, store.ErrNotFound)

	dupHash := k
	dupHash.ID = store.NewID("key")
	assert.ErrorIs(t, s.CreateKey(ctx, dupHash), store.ErrConflict)

	crossOrg := store.Key{ID: store.NewID("key"), OrgID: f.otherOrg.ID, UserID: f.tutor.ID, Prefix: "x", Hash: other[:], Created: store.Now()}
	assert.ErrorIs(t, s.CreateKey(ctx, crossOrg), store.ErrNotFound, "a key cannot be made for another organisation's user")

	assert.ErrorIs(t, s.RevokeKey(ctx, f.otherOrg.ID, k.ID, store.Now()), store.ErrNotFound, "another organisation cannot revoke the key")
	_, _, err = s.KeyByHash(ctx, h[:])
	require.NoError(t, err)

	require.NoError(t, s.RevokeKey(ctx, f.org.ID, k.ID, store.Now()))
	require.NoError(t, s.RevokeKey(ctx, f.org.ID, k.ID, store.Now()), "revoking twice is harmless")
	_, _, err = s.KeyByHash(ctx, h[:])
	assert.ErrorIs(t, err, store.ErrNotFound, "a revoked key no longer authenticates")

	keys, err := s.ListKeys(ctx, f.org.ID)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.NotNil(t, keys[0].Revoked)
	otherKeys, err := s.ListKeys(ctx, f.otherOrg.ID)
	require.NoError(t, err)
	assert.Empty(t, otherKeys)
}

func testAssignments(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	due := store.Now().Add(72 * time.Hour)
	a := store.Assignment{ID: store.NewID("asg"), OrgID: f.org.ID, Title: "Causes of the First World War", Question: "How far...",
		Rubric: "aqa-a-level-essay-25", Topic: "", Class: "12Y", Due: &due, CreatedBy: f.tutor.ID, Created: store.Now()}
	require.NoError(t, s.CreateAssignment(ctx, a))
	got, err := s.GetAssignment(ctx, f.org.ID, a.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Due)
	assert.True(t, due.Equal(*got.Due))
	assert.Equal(t, a.Title, got.Title)

	_, err = s.GetAssignment(ctx, f.otherOrg.ID, a.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	all, err := s.ListAssignments(ctx, f.org.ID, "")
	require.NoError(t, err)
	assert.Len(t, all, 2)
	cls, err := s.ListAssignments(ctx, f.org.ID, "12Y")
	require.NoError(t, err)
	require.Len(t, cls, 1)
	assert.Equal(t, a.ID, cls[0].ID)
	assert.Nil(t, f.assignment.Due)
}

func testDrafts(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	var ids []string
	for i, mark := range []int{8, 12, 15} {
		sub := submission(f, f.pupil, f.assignment.ID, mark)
		require.NoError(t, s.CreateSubmission(ctx, sub))
		assert.Equal(t, i+1, sub.Draft)
		ids = append(ids, sub.ID)
	}
	// Another student's drafts are numbered on their own.
	other := submission(f, f.pupil2, f.assignment.ID, 10)
	require.NoError(t, s.CreateSubmission(ctx, other))
	assert.Equal(t, 1, other.Draft)
	// Free-standing submissions are each draft 1.
	for range 2 {
		free := submission(f, f.pupil, "", 5)
		require.NoError(t, s.CreateSubmission(ctx, free))
		assert.Equal(t, 1, free.Draft)
	}

	got, err := s.GetSubmission(ctx, f.org.ID, ids[1])
	require.NoError(t, err)
	assert.Equal(t, 12, got.Mark)
	assert.Equal(t, 2, got.Draft)
	assert.JSONEq(t, `{"mark":12}`, string(got.Report))
	assert.Equal(t, "Stalin rose because of his post as General Secretary.", got.Text)
	assert.Equal(t, "aqa-a-level-essay-25@abc", got.RubricVersion)

	_, err = s.GetSubmission(ctx, f.otherOrg.ID, ids[1])
	assert.ErrorIs(t, err, store.ErrNotFound, "another organisation cannot read the submission")

	drafts, err := s.Drafts(ctx, f.org.ID, f.pupil.ID, f.assignment.ID)
	require.NoError(t, err)
	require.Len(t, drafts, 3)
	for i, d := range drafts {
		assert.Equal(t, i+1, d.Draft)
		assert.NotEmpty(t, d.Report)
	}

	d2, err := s.GetDraft(ctx, f.org.ID, f.pupil.ID, f.assignment.ID, 2)
	require.NoError(t, err)
	assert.Equal(t, ids[1], d2.ID)
	_, err = s.GetDraft(ctx, f.org.ID, f.pupil.ID, f.assignment.ID, 4)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.GetDraft(ctx, f.otherOrg.ID, f.pupil.ID, f.assignment.ID, 2)
	assert.ErrorIs(t, err, store.ErrNotFound)

	mine, err := s.ListSubmissions(ctx, f.org.ID, store.SubmissionFilter{StudentID: f.pupil.ID})
	require.NoError(t, err)
	assert.Len(t, mine, 5)
	for _, m := range mine {
		assert.Equal(t, f.pupil.ID, m.StudentID)
	}
	forAsg, err := s.ListSubmissions(ctx, f.org.ID, store.SubmissionFilter{AssignmentID: f.assignment.ID})
	require.NoError(t, err)
	assert.Len(t, forAsg, 4)
	limited, err := s.ListSubmissions(ctx, f.org.ID, store.SubmissionFilter{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, limited, 2)
	none, err := s.ListSubmissions(ctx, f.otherOrg.ID, store.SubmissionFilter{})
	require.NoError(t, err)
	assert.Empty(t, none)

	stranger := submission(f, f.otherUser, f.assignment.ID, 3)
	stranger.OrgID = f.org.ID
	assert.ErrorIs(t, s.CreateSubmission(ctx, stranger), store.ErrNotFound, "a student of another organisation cannot submit here")
}

func testConcurrentDrafts(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	const n = 40
	var wg sync.WaitGroup
	errs := make([]error, n)
	drafts := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := submission(f, f.pupil, f.assignment.ID, i%25)
			errs[i] = s.CreateSubmission(ctx, sub)
			drafts[i] = sub.Draft
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	sort.Ints(drafts)
	for i, d := range drafts {
		assert.Equal(t, i+1, d, "drafts are numbered 1..n with no gap or repeat")
	}
	all, err := s.Drafts(ctx, f.org.ID, f.pupil.ID, f.assignment.ID)
	require.NoError(t, err)
	assert.Len(t, all, n)
}

func testReviews(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	first := submission(f, f.pupil, f.assignment.ID, 10)
	require.NoError(t, s.CreateSubmission(ctx, first))
	second := submission(f, f.pupil, f.assignment.ID, 14)
	require.NoError(t, s.CreateSubmission(ctx, second))
	other := submission(f, f.pupil2, f.assignment.ID, 20)
	require.NoError(t, s.CreateSubmission(ctx, other))

	_, err := s.GetReview(ctx, f.org.ID, second.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	r := store.Review{SubmissionID: second.ID, OrgID: f.org.ID, ReviewerID: f.tutor.ID, SuggestedLevel: 3, SuggestedMark: 14,
		FinalLevel: 3, FinalMark: 14, Comment: "Agreed.", Created: store.Now()}
	require.NoError(t, s.PutReview(ctx, r))
	r.FinalLevel, r.FinalMark, r.Overridden, r.Comment = 4, 17, true, "Stronger judgement than Clio saw."
	require.NoError(t, s.PutReview(ctx, r))
	got, err := s.GetReview(ctx, f.org.ID, second.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got, "the second review replaces the first")

	bad := r
	bad.OrgID = f.otherOrg.ID
	assert.ErrorIs(t, s.PutReview(ctx, bad), store.ErrNotFound, "another organisation cannot review the submission")
	_, err = s.GetReview(ctx, f.otherOrg.ID, second.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	rows, err := s.ListMarkbook(ctx, f.org.ID, store.MarkbookFilter{})
	require.NoError(t, err)
	require.Len(t, rows, 3)
	reviewed := 0
	for _, row := range rows {
		assert.Equal(t, "Stalin's rise", row.AssignmentTitle)
		if row.Review != nil {
			reviewed++
			assert.Equal(t, second.ID, row.SubmissionID)
			assert.Equal(t, 17, row.Review.FinalMark)
			assert.Equal(t, 14, row.SuggestedMark)
			assert.Equal(t, "Tom Tutor", row.ReviewerName)
			assert.Equal(t, "Sam Student", row.StudentName)
		}
	}
	assert.Equal(t, 1, reviewed)

	latest, err := s.ListMarkbook(ctx, f.org.ID, store.MarkbookFilter{LatestOnly: true})
	require.NoError(t, err)
	assert.Len(t, latest, 2, "one row per student: their latest draft")
	onlyReviewed, err := s.ListMarkbook(ctx, f.org.ID, store.MarkbookFilter{ReviewedOnly: true, AssignmentID: f.assignment.ID})
	require.NoError(t, err)
	assert.Len(t, onlyReviewed, 1)
	empty, err := s.ListMarkbook(ctx, f.otherOrg.ID, store.MarkbookFilter{})
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func testRubrics(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	r := store.CustomRubric{OrgID: f.org.ID, ID: "house-style-20", Body: []byte(`{"id":"house-style-20"}`), Created: store.Now()}
	require.NoError(t, s.CreateRubric(ctx, r))
	assert.ErrorIs(t, s.CreateRubric(ctx, r), store.ErrConflict)
	got, err := s.GetRubric(ctx, f.org.ID, r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)
	_, err = s.GetRubric(ctx, f.otherOrg.ID, r.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	// The same id in another organisation is a different rubric.
	r2 := r
	r2.OrgID = f.otherOrg.ID
	require.NoError(t, s.CreateRubric(ctx, r2))
	list, err := s.ListRubrics(ctx, f.org.ID)
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

func testTimes(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := store.Org{ID: store.NewID("org"), Name: "Time", Created: time.Date(2026, 3, 1, 9, 30, 15, 123456000, time.UTC)}
	require.NoError(t, s.CreateOrg(ctx, o))
	got, err := s.GetOrg(ctx, o.ID)
	require.NoError(t, err)
	assert.True(t, o.Created.Equal(got.Created), "want %v, got %v", o.Created, got.Created)
	assert.False(t, got.Operator)
}

func testOrgWithAdmin(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	o := store.Org{ID: store.NewID("org"), Name: "New", Created: store.Now()}
	u := store.User{ID: store.NewID("usr"), OrgID: o.ID, Name: "Head", Role: store.RoleAdmin, Created: store.Now()}
	h := sha256.Sum256([]byte("new-admin"))
	k := store.Key{ID: store.NewID("key"), OrgID: o.ID, UserID: u.ID, Prefix: "p", Hash: h[:], Created: store.Now()}
	require.NoError(t, s.CreateOrgWithAdmin(ctx, o, u, k))
	_, user, err := s.KeyByHash(ctx, h[:])
	require.NoError(t, err)
	assert.Equal(t, u, user)

	// A failure part way (the user id is taken) leaves nothing behind.
	o2 := store.Org{ID: store.NewID("org"), Name: "Half", Created: store.Now()}
	dup := f.pupil
	dup.OrgID = o2.ID
	h2 := sha256.Sum256([]byte("half"))
	err = s.CreateOrgWithAdmin(ctx, o2, dup, store.Key{ID: store.NewID("key"), OrgID: o2.ID, UserID: dup.ID, Prefix: "p", Hash: h2[:], Created: store.Now()})
	assert.ErrorIs(t, err, store.ErrConflict)
	_, err = s.GetOrg(ctx, o2.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "the organisation was rolled back")
}
