package sqlite_test

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

// oldDB builds a database file the way an earlier Clio did (WAL mode, the
// old schema, readable by everyone) and fills it. With killed set, the file
// is copied while its connection is still open, so the rows are only in
// its -wal file, as a server killed before a checkpoint leaves them.
func oldDB(t *testing.T, path string, schema []string, killed bool, rows ...string) {
	t.Helper()
	build := path
	if killed {
		build = filepath.Join(t.TempDir(), filepath.Base(path))
	}
	db, err := sql.Open("sqlite", "file:"+build+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, stmt := range append(append([]string{}, schema...), rows...) {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	if killed {
		for _, ext := range []string{"", "-wal"} {
			copyFile(t, build+ext, path+ext)
		}
		fi, err := os.Stat(path + "-wal")
		require.NoError(t, err)
		require.Positive(t, fi.Size(), "the rows are in the write-ahead log")
	}
	require.NoError(t, os.Chmod(path, 0o644), "old versions left these files readable by everyone")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

var oldWebRows = []string{
	`INSERT INTO web_credentials (login, org_id, user_id, hash) VALUES ('patel@school.example', 'org_old', 'usr_patel', '$2a$10$hash')`,
	`INSERT INTO web_sessions (token_hash, org_id, user_id, csrf, expires) VALUES ('tok1', 'org_old', 'usr_patel', 'csrf1', 4102444800000000)`,
	`INSERT INTO web_access_codes (hash, org_id, user_id, created) VALUES ('code1', 'org_old', 'usr_sam', 1764000000000000)`,
	`INSERT INTO web_assignment_options (org_id, assignment_id, hide_marks) VALUES ('org_old', 'asg_old', 1)`,
}

var oldLTIRows = []string{
	`INSERT INTO lti_platforms (id, org_id, name, issuer, client_id, deployment_ids, jwks_url, auth_url, token_url, audience, created)
		VALUES ('plat_old', 'org_old', 'School Moodle', 'https://moodle.school.example', 'client1', '["2"]',
		'https://moodle.school.example/mod/lti/certs.php', 'https://moodle.school.example/mod/lti/auth.php',
		'https://moodle.school.example/mod/lti/token.php', '', 1764000000000000)`,
	`INSERT INTO lti_tool_keys (kid, private_pem, created, retired) VALUES ('kid_old', '-----BEGIN PRIVATE KEY-----', 1764000000000000, NULL)`,
	`INSERT INTO lti_links (platform_id, kind, lms_id, clio_id) VALUES ('plat_old', 'user', 'moodle-17', 'usr_sam')`,
	`INSERT INTO lti_resource_links (platform_id, resource_link_id, org_id, deployment_id, context_id, assignment_id, title, lineitems_url, lineitem_url, scopes, updated)
		VALUES ('plat_old', 'rl1', 'org_old', '2', 'course-1', 'asg_old', 'Stalin', 'https://moodle.school.example/li', '',
		'["https://purl.imsglobal.org/spec/lti-ags/scope/score"]', 1764000000000000)`,
	`INSERT INTO lti_score_queue (id, dedupe_key, org_id, platform_id, resource_link_id, submission_id, max_mark, score, status, attempts, next_attempt, last_error, created, done)
		VALUES ('score_old', 'graded:sub_old:1', 'org_old', 'plat_old', 'rl1', 'sub_old', 25, '{"scoreGiven":17}', 'pending', 1, 0, '503', 1764000000000000, NULL)`,
	`INSERT INTO lti_webhooks (id, org_id, url, secret, created) VALUES ('hook_old', 'org_old', 'https://hooks.school.example/clio', 'whsec_old', 1764000000000000)`,
	`INSERT INTO lti_webhook_deliveries (id, dedupe_key, webhook_id, org_id, event, body, status, attempts, next_attempt, last_error, last_code, created, done)
		VALUES ('dlv_old', 'k', 'hook_old', 'org_old', 'review.completed', '{}', 'done', 1, 0, '', 200, 1764000000000000, 1764000000000001)`,
	`INSERT INTO lti_attempts (job_id, n, at, code, error) VALUES ('score_old', 1, 1764000000000000, 503, '503')`,
}

// checkImported reads back every old row through the store.
func checkImported(t *testing.T, s store.Store) {
	t.Helper()
	ctx := context.Background()
	c, err := s.CredentialByLogin(ctx, "patel@school.example")
	require.NoError(t, err, "the tutor can still sign in")
	assert.Equal(t, "usr_patel", c.UserID)
	ses, err := s.SessionByHash(ctx, "tok1", time.Now())
	require.NoError(t, err, "sessions survive the upgrade")
	assert.Equal(t, "csrf1", ses.CSRF)
	code, err := s.AccessCodeByHash(ctx, "code1")
	require.NoError(t, err)
	assert.Equal(t, "usr_sam", code.UserID)
	o, err := s.AssignmentOptions(ctx, "org_old", "asg_old")
	require.NoError(t, err)
	assert.True(t, o.HideMarks, "hidden marks stay hidden")

	p, err := s.GetPlatform(ctx, "plat_old")
	require.NoError(t, err, "the LMS registration is kept")
	assert.Equal(t, []string{"2"}, p.DeploymentIDs)
	keys, err := s.ToolKeys(ctx)
	require.NoError(t, err)
	require.Len(t, keys, 1, "Clio's signing key is kept, so the LMS's copy still verifies")
	assert.Equal(t, "kid_old", keys[0].KID)
	id, err := s.LinkedID(ctx, "plat_old", store.LinkUser, "moodle-17")
	require.NoError(t, err)
	assert.Equal(t, "usr_sam", id)
	rl, err := s.GetResourceLink(ctx, "plat_old", "rl1")
	require.NoError(t, err)
	assert.Equal(t, "asg_old", rl.AssignmentID)
	job, err := s.ClaimScore(ctx, time.Now(), time.Now())
	require.NoError(t, err, "a grade not yet sent is still owed")
	assert.Equal(t, "score_old", job.ID)
	assert.Equal(t, 1, job.Attempts)
	hooks, err := s.ListWebhooks(ctx, "org_old")
	require.NoError(t, err)
	require.Len(t, hooks, 1)
	assert.Equal(t, "whsec_old", hooks[0].Secret)
	dl, err := s.ListDeliveries(ctx, "org_old", "hook_old")
	require.NoError(t, err)
	assert.Len(t, dl, 1)
	at, err := s.Attempts(ctx, "score_old")
	require.NoError(t, err)
	assert.Len(t, at, 1)
}

func TestOldDataFilesMoveIn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// The API's data was already in clio.db.
	s, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	require.NoError(t, s.CreateOrg(ctx, store.Org{ID: "org_old", Name: "Riverside", Created: store.Now()}))
	require.NoError(t, s.Close())
	oldDB(t, filepath.Join(dir, "web.db"), oldWebSchema, false, oldWebRows...)
	oldDB(t, filepath.Join(dir, "lti.db"), oldLTISchema, true, oldLTIRows...)

	s, err = sqlite.Open(ctx, dir)
	require.NoError(t, err)
	checkImported(t, s)
	got, err := s.GetOrg(ctx, "org_old")
	require.NoError(t, err)
	assert.Equal(t, "Riverside", got.Name)
	require.NoError(t, s.Close())

	for _, name := range []string{"web.db", "lti.db", "lti.db-wal", "lti.db-shm"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.ErrorIs(t, err, os.ErrNotExist, "%s is not read again", name)
	}
	for _, name := range []string{"web.db" + sqlite.ImportedSuffix, "lti.db" + sqlite.ImportedSuffix} {
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, "%s is kept as a backup", name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "%s holds secrets and is made private", name)
	}

	// Opening again imports nothing twice.
	s, err = sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	hooks, err := s.ListWebhooks(ctx, "org_old")
	require.NoError(t, err)
	assert.Len(t, hooks, 1)
}

// TestOldDataImportRepeatedAfterACrash: killed after the import committed
// but before the file was renamed, the next start imports it again without
// duplicating or overwriting anything.
func TestOldDataImportRepeatedAfterACrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	oldDB(t, filepath.Join(dir, "lti.db"), oldLTISchema, false, oldLTIRows...)
	spare := filepath.Join(t.TempDir(), "lti.db")
	copyFile(t, filepath.Join(dir, "lti.db"), spare)

	s, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	// Since the import, the job was sent: the old file's "pending" must not
	// come back.
	job, err := s.ClaimScore(ctx, time.Now(), time.Now())
	require.NoError(t, err)
	done := time.Now()
	job.Status, job.Attempts, job.Done = store.StatusDone, 2, &done
	require.NoError(t, s.FinishScore(ctx, job, store.Attempt{JobID: job.ID, N: 2, At: done, Code: 200}))
	require.NoError(t, s.Close())

	copyFile(t, spare, filepath.Join(dir, "lti.db"))
	s, err = sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	scores, err := s.ListScores(ctx, "org_old")
	require.NoError(t, err)
	require.Len(t, scores, 1, "no duplicate")
	assert.Equal(t, store.StatusDone, scores[0].Status, "rows already in the store win")
	_, err = s.ClaimScore(ctx, time.Now(), time.Now())
	assert.ErrorIs(t, err, store.ErrNotFound, "the grade is not sent twice")
	_, err = os.Stat(filepath.Join(dir, "lti.db"+sqlite.ImportedSuffix))
	require.NoError(t, err)
	matches, err := filepath.Glob(filepath.Join(dir, "lti.db"+sqlite.ImportedSuffix+"-*"))
	require.NoError(t, err)
	assert.NotEmpty(t, matches, "the earlier backup is not overwritten")
}

// TestOldDataFromAnOlderSchema: a file from a version with fewer columns
// imports what it has; the newer columns take their defaults.
func TestOldDataFromAnOlderSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var schema []string
	for _, s := range oldLTISchema {
		if strings.Contains(s, "lti_score_queue (") {
			s = strings.Replace(s, "max_mark INTEGER NOT NULL,", "", 1)
		}
		schema = append(schema, s)
	}
	oldDB(t, filepath.Join(dir, "lti.db"), schema, false,
		`INSERT INTO lti_score_queue (id, dedupe_key, org_id, platform_id, resource_link_id, submission_id, score, status, attempts, next_attempt, last_error, created, done)
		VALUES ('score_old', 'k', 'org_old', 'plat_old', 'rl1', 'sub_old', '{}', 'pending', 0, 0, '', 1764000000000000, NULL)`)
	s, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	scores, err := s.ListScores(ctx, "org_old")
	require.NoError(t, err)
	require.Len(t, scores, 1)
	assert.Zero(t, scores[0].MaxMark)
}

// TestUnreadableOldDataStopsTheStart: an lti.db that is not a database is
// not renamed away or ignored; the start fails and says which file.
func TestUnreadableOldDataStopsTheStart(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "lti.db")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Repeat("not a database ", 400)), 0o600))
	_, err := sqlite.Open(context.Background(), dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lti.db")
	_, err = os.Stat(bad)
	assert.NoError(t, err, "the file is left where it was")
}
