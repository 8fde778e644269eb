package web

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accountsDBs are the databases the Accounts suite runs on: SQLite always,
// PostgreSQL when CLIO_TEST_DATABASE_URL is set (each run in a fresh schema).
func accountsDBs(t *testing.T) map[string]*SQLAccounts {
	t.Helper()
	ctx := context.Background()
	out := map[string]*SQLAccounts{}
	acc, db, err := OpenSQLiteAccounts(ctx, filepath.Join(t.TempDir(), "web.db"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	out["sqlite"] = acc
	if url := os.Getenv("CLIO_TEST_DATABASE_URL"); url != "" {
		admin, err := sql.Open("pgx", url)
		require.NoError(t, err)
		t.Cleanup(func() { admin.Close() })
		schema := fmt.Sprintf("web_test_%d", time.Now().UnixNano())
		_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
		require.NoError(t, err)
		t.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") })
		db, err := sql.Open("pgx", url)
		require.NoError(t, err)
		db.SetMaxOpenConns(1)
		_, err = db.ExecContext(ctx, "SET search_path TO "+schema)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		pg := NewSQLAccounts(db)
		require.NoError(t, pg.Migrate(ctx))
		out["postgres"] = pg
	}
	return out
}

func TestAccounts(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for name, acc := range accountsDBs(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("MigrateTwice", func(t *testing.T) {
				assert.NoError(t, acc.Migrate(ctx))
			})
			t.Run("Credentials", func(t *testing.T) {
				c := Credential{Login: "a@example.org", OrgID: "org_1", UserID: "usr_1", Hash: "$2a$hash"}
				require.NoError(t, acc.PutCredential(ctx, c))
				got, err := acc.CredentialByLogin(ctx, "a@example.org")
				require.NoError(t, err)
				assert.Equal(t, c, got)
				assert.ErrorIs(t, acc.PutCredential(ctx, c), ErrLoginTaken)
				_, err = acc.CredentialByLogin(ctx, "b@example.org")
				assert.ErrorIs(t, err, ErrNotFound)
			})
			t.Run("SessionsExpire", func(t *testing.T) {
				s := Session{TokenHash: "h1", OrgID: "org_1", UserID: "usr_1", CSRF: "tok", Expires: now.Add(time.Hour)}
				require.NoError(t, acc.CreateSession(ctx, s))
				got, err := acc.SessionByHash(ctx, "h1", now)
				require.NoError(t, err)
				assert.Equal(t, s, got)
				_, err = acc.SessionByHash(ctx, "h1", now.Add(2*time.Hour))
				assert.ErrorIs(t, err, ErrNotFound, "an expired session is gone")
				require.NoError(t, acc.PurgeSessions(ctx, now.Add(2*time.Hour)))
				_, err = acc.SessionByHash(ctx, "h1", now)
				assert.ErrorIs(t, err, ErrNotFound, "a purged session is gone")
				require.NoError(t, acc.CreateSession(ctx, s))
				require.NoError(t, acc.PurgeSessions(ctx, now))
				_, err = acc.SessionByHash(ctx, "h1", now)
				require.NoError(t, err, "purging keeps live sessions")
				require.NoError(t, acc.DeleteSession(ctx, "h1"))
				_, err = acc.SessionByHash(ctx, "h1", now)
				assert.ErrorIs(t, err, ErrNotFound, "a deleted session is gone")
			})
			t.Run("AccessCodes", func(t *testing.T) {
				c := AccessCode{Hash: "c1", OrgID: "org_1", UserID: "usr_2", Created: now}
				require.NoError(t, acc.CreateAccessCode(ctx, c))
				got, err := acc.AccessCodeByHash(ctx, "c1")
				require.NoError(t, err)
				assert.Equal(t, c, got)
				_, err = acc.AccessCodeByHash(ctx, "c2")
				assert.ErrorIs(t, err, ErrNotFound)
			})
			t.Run("AssignmentOptions", func(t *testing.T) {
				o, err := acc.AssignmentOptions(ctx, "org_1", "asg_1")
				require.NoError(t, err)
				assert.False(t, o.HideMarks, "marks are shown unless a tutor hides them")
				require.NoError(t, acc.PutAssignmentOptions(ctx, AssignmentOptions{OrgID: "org_1", AssignmentID: "asg_1", HideMarks: true}))
				o, err = acc.AssignmentOptions(ctx, "org_1", "asg_1")
				require.NoError(t, err)
				assert.True(t, o.HideMarks)
				o, err = acc.AssignmentOptions(ctx, "org_2", "asg_1")
				require.NoError(t, err)
				assert.False(t, o.HideMarks, "options belong to one organisation")
				require.NoError(t, acc.PutAssignmentOptions(ctx, AssignmentOptions{OrgID: "org_1", AssignmentID: "asg_1", HideMarks: false}))
				o, err = acc.AssignmentOptions(ctx, "org_1", "asg_1")
				require.NoError(t, err)
				assert.False(t, o.HideMarks, "saving again replaces the options")
			})
		})
	}
}

func TestAddTutorAndStudentCheckTheirInput(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, tc := range []struct{ name, login, password string }{
		{"ErrShortPassword", "new@example.org", "short"},
		{"ErrEmptyLogin", "  ", tutorPassword},
		{"ErrLoginTaken", "TUTOR@example.org", tutorPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AddTutor(ctx, e.store, e.acc, e.org.ID, "X", tc.login, tc.password)
			assert.Error(t, err)
		})
	}
	_, _, err := AddStudent(ctx, e.store, e.acc, e.org.ID, "  ")
	assert.Error(t, err, "a student needs a name")
	_, code, err := AddStudent(ctx, e.store, e.acc, e.org.ID, "Ann")
	require.NoError(t, err)
	assert.Regexp(t, `^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$`, code)
}

func TestOpenAccounts(t *testing.T) {
	ctx := context.Background()
	t.Run("SQLite", func(t *testing.T) {
		acc, db, err := OpenAccounts(ctx, filepath.Join(t.TempDir(), "clio.db"), "")
		require.NoError(t, err)
		defer db.Close()
		assert.NoError(t, acc.PutAssignmentOptions(ctx, AssignmentOptions{OrgID: "o", AssignmentID: "a", HideMarks: true}))
	})
	t.Run("ErrUnwritable", func(t *testing.T) {
		_, _, err := OpenAccounts(ctx, filepath.Join(t.TempDir(), "missing-dir", "clio.db"), "")
		assert.Error(t, err)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		url := os.Getenv("CLIO_TEST_DATABASE_URL")
		if url == "" {
			t.Skip("set CLIO_TEST_DATABASE_URL to test on PostgreSQL")
		}
		admin, err := sql.Open("pgx", url)
		require.NoError(t, err)
		defer admin.Close()
		schema := fmt.Sprintf("web_open_%d", time.Now().UnixNano())
		_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
		require.NoError(t, err)
		defer admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") //nolint:errcheck // best effort
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		acc, db, err := OpenAccounts(ctx, "", url+sep+"search_path="+schema)
		require.NoError(t, err)
		defer db.Close()
		assert.NoError(t, acc.Migrate(ctx), "migrating twice is harmless")
	})
}
