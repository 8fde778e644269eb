package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/internal/sqlstore"
)

// studentTraces gives a student every kind of row the store can hold for
// one (work, review, key, code, session, LMS mapping, queued grade with an
// attempt, webhook delivery, outbox events) and returns the values that
// identify them: any of these found in any table after an erasure is a row
// left behind.
func studentTraces(t *testing.T, s store.Store, f fixture, u store.User, platform store.Platform, webhook store.Webhook, essay string) []string {
	t.Helper()
	ctx := context.Background()
	now := store.Now()
	var traces []string
	for i := range 2 {
		sub := submission(f, u, f.assignment.ID, 10+i)
		sub.Text = essay
		require.NoError(t, s.CreateSubmission(ctx, sub))
		traces = append(traces, sub.ID)
		if i == 1 {
			require.NoError(t, s.PutReview(ctx, store.Review{SubmissionID: sub.ID, OrgID: f.org.ID, ReviewerID: f.tutor.ID,
				SuggestedLevel: 3, SuggestedMark: 11, FinalLevel: 3, FinalMark: 12, Overridden: true,
				Comment: "Comment for " + u.Name, Created: now}))
			job := store.ScoreJob{ID: store.NewID("score"), DedupeKey: "review:" + sub.ID, OrgID: f.org.ID, PlatformID: platform.ID,
				ResourceLinkID: "rl-1", SubmissionID: sub.ID, MaxMark: 25, Score: []byte(`{"userId":"lms-` + u.ID + `"}`),
				NextAttempt: now, Created: now}
			ok, err := s.EnqueueScore(ctx, job)
			require.NoError(t, err)
			require.True(t, ok)
			claimed, err := s.ClaimScore(ctx, now.Add(time.Second), now.Add(time.Minute))
			require.NoError(t, err)
			require.NoError(t, s.FinishScore(ctx, claimed, store.Attempt{JobID: claimed.ID, N: 1, At: now, Code: 503, Error: "busy"}))
			traces = append(traces, job.ID)
			d := store.Delivery{ID: store.NewID("dlv"), DedupeKey: "review:" + webhook.ID + ":" + sub.ID, WebhookID: webhook.ID, OrgID: f.org.ID,
				Event: "review.stored", Body: []byte(`{"submission_id":"` + sub.ID + `","student_id":"` + u.ID + `"}`),
				NextAttempt: now, Created: now}
			ok, err = s.EnqueueDelivery(ctx, d)
			require.NoError(t, err)
			require.True(t, ok)
			traces = append(traces, d.ID)
		}
	}
	free := submission(f, u, "", 7)
	require.NoError(t, s.CreateSubmission(ctx, free))
	traces = append(traces, free.ID)

	secret := "key-of-" + u.ID
	h := sha256.Sum256([]byte(secret))
	k := store.Key{ID: store.NewID("key"), OrgID: f.org.ID, UserID: u.ID, Prefix: "clio_x", Hash: h[:], Created: now}
	require.NoError(t, s.CreateKey(ctx, k))
	traces = append(traces, k.ID, hex.EncodeToString(h[:]))

	session := "session-of-" + u.ID
	require.NoError(t, s.CreateSession(ctx, store.Session{TokenHash: session, OrgID: f.org.ID, UserID: u.ID, CSRF: "csrf-" + u.ID, Expires: now.Add(time.Hour)}))
	traces = append(traces, session)
	require.NoError(t, s.Link(ctx, platform.ID, store.LinkUser, "lms-"+u.ID, u.ID))
	traces = append(traces, "lms-"+u.ID)
	return append(traces, u.ID, u.Name, u.Email, essay)
}

func testExportAndEraseStudent(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := setup(t, s)
	now := store.Now()
	platform := store.Platform{ID: store.NewID("plat"), OrgID: f.org.ID, Name: "Moodle", Issuer: "https://moodle.example", ClientID: "c1",
		DeploymentIDs: []string{"1"}, JWKSURL: "https://moodle.example/jwks", AuthURL: "https://moodle.example/auth",
		TokenURL: "https://moodle.example/token", Created: now}
	require.NoError(t, s.CreatePlatform(ctx, platform))
	webhook := store.Webhook{ID: store.NewID("whk"), OrgID: f.org.ID, URL: "https://hooks.example/clio", Secret: "s", Created: now}
	require.NoError(t, s.CreateWebhook(ctx, webhook))

	// Sam signs in with an access code, Priya the same way: both students.
	samCode := sha256Hex("code-sam")
	sam := store.User{ID: store.NewID("usr"), OrgID: f.org.ID, Name: "Samira Okonkwo-Hale", Email: "samira@pupils.example", Role: store.RoleStudent, Created: now}
	require.NoError(t, s.CreateUserWithAccessCode(ctx, sam, store.AccessCode{Hash: samCode, OrgID: f.org.ID, UserID: sam.ID, Created: now}))
	samTraces := append(studentTraces(t, s, f, sam, platform, webhook, "Samira's own essay on the NEP and the grain crisis."), samCode)
	priyaTraces := studentTraces(t, s, f, f.pupil2, platform, webhook, "Priya's essay on collectivisation.")

	rec, err := s.ExportStudent(ctx, f.org.ID, sam.ID)
	require.NoError(t, err)
	assert.Equal(t, sam, rec.User)
	require.Len(t, rec.Submissions, 3, "two drafts and a free-standing essay")
	for _, sub := range rec.Submissions {
		assert.Equal(t, sam.ID, sub.StudentID)
		assert.NotEmpty(t, sub.Text, "the export carries the essays themselves")
	}
	require.Len(t, rec.Reviews, 1)
	assert.Equal(t, "Comment for "+sam.Name, rec.Reviews[0].Comment)
	assert.Len(t, rec.Keys, 1)
	assert.Len(t, rec.AccessCodes, 1)
	assert.Nil(t, rec.Credential)
	assert.Equal(t, 1, rec.Sessions)
	assert.Equal(t, []store.LTIUserLink{{PlatformID: platform.ID, LMSID: "lms-" + sam.ID}}, rec.LTILinks)
	assert.Len(t, rec.Scores, 1)
	assert.Len(t, rec.Deliveries, 1)
	assert.Equal(t, 4, rec.Events, "three submissions and a review are waiting in the outbox")

	_, err = s.ExportStudent(ctx, f.org.ID, f.tutor.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "a tutor is not a student")
	_, err = s.ExportStudent(ctx, f.otherOrg.ID, sam.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "another organisation cannot see the student")
	_, err = s.EraseStudent(ctx, f.otherOrg.ID, sam.ID, now)
	assert.ErrorIs(t, err, store.ErrNotFound, "nor erase them")

	e, err := s.EraseStudent(ctx, f.org.ID, sam.ID, now)
	require.NoError(t, err)
	assert.Equal(t, store.Erasure{ID: e.ID, OrgID: f.org.ID, Submissions: 3, Reviews: 1, Keys: 1, LTILinks: 1, Scores: 1, Deliveries: 1, Erased: now}, e)

	dump := dumpTables(t, s)
	require.Contains(t, dump, "erased_work", "a table added by a migration is enumerated")
	for table, rows := range dump {
		for _, row := range rows {
			for _, trace := range samTraces {
				assert.NotContains(t, row, trace, "table %s keeps a row of the erased student", table)
			}
		}
	}
	// Everyone else's rows are untouched.
	all := strings.Join(flatten(dump), "\n")
	for _, trace := range priyaTraces {
		assert.Contains(t, all, trace, "another student's data must survive")
	}
	_, err = s.GetUser(ctx, f.org.ID, sam.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.ExportStudent(ctx, f.org.ID, sam.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.EraseStudent(ctx, f.org.ID, sam.ID, now)
	assert.ErrorIs(t, err, store.ErrNotFound, "erasing twice finds no one")
	_, err = s.AccessCodeByHash(ctx, samCode)
	assert.ErrorIs(t, err, store.ErrNotFound, "the code no longer signs in")

	work, err := s.ErasedWork(ctx, f.org.ID, f.assignment.ID)
	require.NoError(t, err)
	assert.Equal(t, []store.ErasedWork{{ErasureID: e.ID, AssignmentID: f.assignment.ID, AssignmentTitle: f.assignment.Title, Drafts: 2, Erased: now}}, work,
		"the markbook keeps a trace that two drafts were erased, and nothing else")
	work, err = s.ErasedWork(ctx, f.otherOrg.ID, "")
	require.NoError(t, err)
	assert.Empty(t, work)
	mb, err := s.ListMarkbook(ctx, f.org.ID, store.MarkbookFilter{})
	require.NoError(t, err)
	for _, r := range mb {
		assert.Equal(t, f.pupil2.ID, r.StudentID)
	}
	assert.Len(t, mb, 3, "Priya's two drafts and her free-standing essay")
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func flatten(dump map[string][]string) []string {
	var out []string
	for _, rows := range dump {
		out = append(out, rows...)
	}
	return out
}

// dumpTables reads every row of every table the schema has, each row as one
// string of its columns as text. Tables and columns come from the database's
// own catalogue, so a table a later migration adds is covered without
// changing the test.
func dumpTables(t *testing.T, s store.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	c := sqlstore.ConnOf(s)
	require.NotNil(t, c, "the store is not a sqlstore")
	q := c.Read()
	tables, err := names(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	columnsOf := `SELECT name FROM pragma_table_info(?) ORDER BY cid`
	if err != nil { // not SQLite: the information schema
		tables, err = names(ctx, q, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
		require.NoError(t, err)
		columnsOf = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	require.GreaterOrEqual(t, len(tables), 20, "every table of the schema: %v", tables)
	out := map[string][]string{}
	for _, table := range tables {
		cols, err := names(ctx, q, columnsOf, table)
		require.NoError(t, err)
		require.NotEmpty(t, cols, table)
		parts := make([]string, len(cols))
		for i, col := range cols {
			parts[i] = fmt.Sprintf(`COALESCE(CAST(%s AS TEXT), '')`, col)
		}
		rows, err := names(ctx, q, `SELECT `+strings.Join(parts, ` || '|' || `)+` FROM `+table)
		require.NoError(t, err, table)
		out[table] = rows
	}
	return out
}

func names(ctx context.Context, q sqlstore.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
