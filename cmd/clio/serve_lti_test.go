package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

// TestServeLTI: clio serve turns the LMS integration on, with the LTI
// URLs built on --public-url (or on the listening address), Clio's keys
// published, its data in the one database, and a clean stop.
func TestServeLTI(t *testing.T) {
	bin := serverBinary(t)
	for _, tc := range []struct {
		name     string
		postgres bool
		extra    []string
		want     func(c *child) string
	}{
		{"PublicURL", false, []string{"--public-url", "https://clio.example.org/"}, func(*child) string { return "https://clio.example.org" }},
		{"Default", false, nil, func(c *child) string { return c.url }},
		{"PostgreSQL", true, []string{"--public-url", "https://clio.example.org"}, func(*child) string { return "https://clio.example.org" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, key := filepath.Join(t.TempDir(), "clio-data"), randomKey(t)
			db := dir
			if tc.postgres {
				db, _ = throwawayPostgres(t)
			}
			srv := startServer(t, bin, db, key, tc.extra...)
			client := &http.Client{Timeout: 30 * time.Second}

			var jwks struct{ Keys []map[string]any }
			status, err := call(client, "GET", srv.url+"/lti/jwks", "", nil, &jwks)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status)
			require.NotEmpty(t, jwks.Keys)
			assert.NotContains(t, jwks.Keys[0], "d")

			var cfg map[string]any
			status, err = call(client, "GET", srv.url+"/v1/lti/config", key, nil, &cfg)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status)
			base := tc.want(srv)
			assert.Equal(t, base+"/lti/launch", cfg["tool_url"])
			assert.Equal(t, base+"/lti/login", cfg["login_initiation_url"])
			assert.Equal(t, base+"/lti/jwks", cfg["public_keyset_url"])

			status, err = call(client, "GET", srv.url+"/v1/lti/platforms", "", nil, nil)
			require.NoError(t, err)
			assert.Equal(t, http.StatusUnauthorized, status, "the admin API needs a key")

			// The web pages are served by the same binary.
			for _, page := range []string{"/practice", "/login", "/static/clio.css"} {
				resp, err := client.Get(srv.url + page)
				require.NoError(t, err)
				resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode, page)
			}

			if !tc.postgres {
				// One database, private to its owner: the directory the server
				// made and every file in it (clio.db, its -wal and -shm).
				fi, err := os.Stat(dir)
				require.NoError(t, err)
				assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), "the data directory")
				entries, err := os.ReadDir(dir)
				require.NoError(t, err)
				for _, e := range entries {
					assert.True(t, strings.HasPrefix(e.Name(), "clio.db"), "%s: everything is in the one database", e.Name())
					info, err := e.Info()
					require.NoError(t, err)
					assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), e.Name())
				}
			}

			require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
			require.True(t, srv.wait(30*time.Second), "the server and its queue stop on SIGTERM")
			assert.NoError(t, srv.err)
		})
	}
}

func TestServeRefusesABadPublicURL(t *testing.T) {
	for _, bad := range []string{"clio.example.org", "ftp://clio.example.org", "https://example.org/clio", "https://"} {
		t.Run(bad, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runServe(context.Background(), []string{"--public-url", bad, "--data", t.TempDir()}, &out, &errOut)
			assert.True(t, errors.Is(err, errUsage), "%v", err)
			assert.Contains(t, err.Error(), "--public-url")
		})
	}
}

// TestServeUpgradesAnOldDataDirectory: a data directory from before the one
// store, with the web pages' accounts in web.db beside clio.db, starts
// cleanly: the rows move into clio.db and the tutor signs in as before.
func TestServeUpgradesAnOldDataDirectory(t *testing.T) {
	bin := serverBinary(t)
	ctx := context.Background()
	dir, key := t.TempDir(), randomKey(t)
	st, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	org := store.Org{ID: "org_old", Name: "Riverside", Created: store.Now()}
	tutor := store.User{ID: "usr_patel", OrgID: org.ID, Name: "Ms Patel", Email: "patel@school.example", Role: store.RoleTutor, Created: store.Now()}
	h := sha256.Sum256([]byte(key))
	_, err = st.Bootstrap(ctx, org, store.User{ID: "usr_admin", OrgID: org.ID, Name: "Admin", Role: store.RoleAdmin, Created: store.Now()},
		store.Key{ID: "key_admin", OrgID: org.ID, UserID: "usr_admin", Prefix: "crash", Hash: h[:], Created: store.Now()})
	require.NoError(t, err)
	require.NoError(t, st.CreateUser(ctx, tutor))
	require.NoError(t, st.Close())
	// web.db as the pages kept it, readable by everyone.
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery"), bcrypt.MinCost)
	require.NoError(t, err)
	old, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "web.db")+"?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS web_credentials (login TEXT PRIMARY KEY, org_id TEXT NOT NULL, user_id TEXT NOT NULL, hash TEXT NOT NULL)`,
		`INSERT INTO web_credentials VALUES ('patel@school.example', 'org_old', 'usr_patel', '` + string(hash) + `')`,
	} {
		_, err := old.Exec(stmt)
		require.NoError(t, err)
	}
	require.NoError(t, old.Close())
	require.NoError(t, os.Chmod(filepath.Join(dir, "web.db"), 0o644))

	srv := startServer(t, bin, dir, key)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(srv.url + "/login")
	require.NoError(t, err)
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	require.NotNil(t, m)
	resp, err = browser.PostForm(srv.url+"/login", url.Values{"csrf": {string(m[1])}, "login": {"patel@school.example"},
		"password": {"correct horse battery"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "the tutor signs in with the password kept in the old web.db")
	assert.Equal(t, "/tutor", resp.Header.Get("Location"))

	_, err = os.Stat(filepath.Join(dir, "web.db"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the old file was moved in")
	fi, err := os.Stat(filepath.Join(dir, "web.db.imported"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "and kept, private, as a backup")
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	require.True(t, srv.wait(30*time.Second))
}
