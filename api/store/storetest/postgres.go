package storetest

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

// EnvDatabaseURL names the environment variable with the PostgreSQL server
// the tests may use (postgres://user@host:port/db?sslmode=disable).
const EnvDatabaseURL = "CLIO_TEST_DATABASE_URL"

// PostgresURL returns a URL for a new, empty schema in the test database,
// dropped when the test ends, so runs never collide. It skips the test when
// CLIO_TEST_DATABASE_URL is not set.
func PostgresURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		t.Skip(EnvDatabaseURL + " is not set; skipping the PostgreSQL test")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	defer admin.Close(ctx)
	schema := store.NewID("clio_test")
	_, err = admin.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Logf("dropping schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
