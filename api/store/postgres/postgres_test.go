package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/storetest"
)

// TestStore runs the shared suite against the database named by
// CLIO_TEST_DATABASE_URL, each subtest in a schema of its own.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), storetest.PostgresURL(t))
		require.NoError(t, err)
		return s
	})
}

func TestMigrationsAreIdempotent(t *testing.T) {
	u := storetest.PostgresURL(t)
	for range 2 {
		s, err := postgres.Open(context.Background(), u)
		require.NoError(t, err)
		require.NoError(t, s.Ping(context.Background()))
		require.NoError(t, s.Close())
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	require.Error(t, err)
	_, err = postgres.Open(context.Background(), "postgres://%zz")
	require.Error(t, err)
}

// TestPoolHasLimits: everything Clio keeps goes through one pool, with a
// limit by default and the one the URL sets when it sets one.
func TestPoolHasLimits(t *testing.T) {
	u := storetest.PostgresURL(t)
	s, err := postgres.Open(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, postgres.DefaultMaxConns(), postgres.MaxConns(s))
	require.NoError(t, s.Close())
	s, err = postgres.Open(context.Background(), u+"&pool_max_conns=3")
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, int32(3), postgres.MaxConns(s))
}

// TestServersMigrateAtOnce opens several stores on one empty schema at the
// same moment, as servers started together do: each migration is applied
// once and none of them fails.
func TestServersMigrateAtOnce(t *testing.T) {
	u := storetest.PostgresURL(t)
	const n = 6
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			s, err := postgres.Open(context.Background(), u)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	close(start)
	for range n {
		assert.NoError(t, <-errs)
	}
}
