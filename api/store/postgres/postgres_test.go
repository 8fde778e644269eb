package postgres_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/storetest"
)

// TestStore runs the shared suite against the database named by
// CLIO_TEST_DATABASE_URL, each subtest in a schema of its own that is dropped
// afterwards, so runs never collide.
func TestStore(t *testing.T) {
	base := os.Getenv("CLIO_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("CLIO_TEST_DATABASE_URL is not set; skipping the PostgreSQL store tests")
	}
	storetest.Run(t, func(t *testing.T) store.Store {
		return openInSchema(t, base)
	})
}

func openInSchema(t *testing.T, base string) store.Store {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	defer admin.Close(ctx)
	schema := strings.ReplaceAll(store.NewID("clio_test"), "-", "_")
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
	s, err := postgres.Open(ctx, u.String())
	require.NoError(t, err)
	return s
}

func TestOpenBadURL(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	require.Error(t, err)
}
