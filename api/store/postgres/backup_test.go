package postgres_test

import (
	"context"
	"crypto/sha256"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/storetest"
)

// TestPgDumpRestores backs a store up the way the README says (pg_dump,
// custom format) while it is open, restores the dump into a new database
// with pg_restore, and opens that: the work, its review, the key and the
// outbox are all there, and drafts go on being numbered.
func TestPgDumpRestores(t *testing.T) {
	u := storetest.PostgresURL(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; CI needs it for the backup test", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	ctx := context.Background()
	s, err := postgres.Open(ctx, u)
	require.NoError(t, err)
	defer s.Close()
	org := store.Org{ID: store.NewID("org"), Name: "Dumped College", Created: store.Now()}
	admin := store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Admin", Role: store.RoleAdmin, Created: store.Now()}
	pupil := store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Pupil", Role: store.RoleStudent, Created: store.Now()}
	h := sha256.Sum256([]byte("secret"))
	_, err = s.Bootstrap(ctx, org, admin, store.Key{ID: store.NewID("key"), OrgID: org.ID, UserID: admin.ID, Prefix: "p", Hash: h[:], Created: store.Now()})
	require.NoError(t, err)
	require.NoError(t, s.CreateUser(ctx, pupil))
	asg := store.Assignment{ID: store.NewID("asg"), OrgID: org.ID, Title: "Stalin", Question: "Why?", Rubric: "r", CreatedBy: admin.ID, Created: store.Now()}
	require.NoError(t, s.CreateAssignment(ctx, asg))
	var subs []*store.Submission
	for _, text := range []string{"First draft.", "Second draft."} {
		sub := &store.Submission{ID: store.NewID("sub"), OrgID: org.ID, StudentID: pupil.ID, AssignmentID: asg.ID, Text: text,
			Rubric: "r", Report: []byte(`{}`), Created: store.Now()}
		require.NoError(t, s.CreateSubmission(ctx, sub))
		subs = append(subs, sub)
	}
	require.NoError(t, s.PutReview(ctx, store.Review{SubmissionID: subs[1].ID, OrgID: org.ID, ReviewerID: admin.ID,
		SuggestedLevel: 2, SuggestedMark: 8, FinalLevel: 2, FinalMark: 9, Overridden: true, Comment: "dumped", Created: store.Now()}))

	parsed, err := url.Parse(u)
	require.NoError(t, err)
	schema := parsed.Query().Get("search_path")
	base := *parsed
	q := base.Query()
	q.Del("search_path")
	base.RawQuery = q.Encode()
	dump := filepath.Join(t.TempDir(), "clio.dump")
	cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--schema="+schema, "--file="+dump, base.String())
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "pg_dump: %s", out)

	// A new database to restore into, dropped at the end.
	admin2, err := pgx.Connect(ctx, base.String())
	require.NoError(t, err)
	defer admin2.Close(ctx)
	db := store.NewID("clio_restore")
	_, err = admin2.Exec(ctx, "CREATE DATABASE "+db)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin2.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") })
	target := base
	target.Path = "/" + db
	out, err = exec.CommandContext(ctx, "pg_restore", "--no-owner", "--exit-on-error", "--dbname="+target.String(), dump).CombinedOutput()
	require.NoError(t, err, "pg_restore: %s", out)

	tq := target.Query()
	tq.Set("search_path", schema)
	target.RawQuery = tq.Encode()
	r, err := postgres.Open(ctx, target.String())
	require.NoError(t, err)
	defer r.Close()
	drafts, err := r.Drafts(ctx, org.ID, pupil.ID, asg.ID)
	require.NoError(t, err)
	require.Len(t, drafts, 2)
	assert.Equal(t, "Second draft.", drafts[1].Text)
	rv, err := r.GetReview(ctx, org.ID, subs[1].ID)
	require.NoError(t, err)
	assert.Equal(t, "dumped", rv.Comment)
	_, k, err := r.KeyByHash(ctx, h[:])
	require.NoError(t, err)
	assert.Equal(t, admin.ID, k.ID)
	n, err := r.PendingEvents(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "the grades still owed came across")
	next := &store.Submission{ID: store.NewID("sub"), OrgID: org.ID, StudentID: pupil.ID, AssignmentID: asg.ID, Text: "Third.",
		Rubric: "r", Report: []byte(`{}`), Created: store.Now()}
	require.NoError(t, r.CreateSubmission(ctx, next))
	assert.Equal(t, 3, next.Draft)
}
