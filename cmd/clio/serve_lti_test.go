package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			dir, key := t.TempDir(), randomKey(t)
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
				entries, err := os.ReadDir(dir)
				require.NoError(t, err)
				for _, e := range entries {
					assert.True(t, strings.HasPrefix(e.Name(), "clio.db"), "%s: everything is in the one database", e.Name())
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
