package api

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// TestDatabaseOutageIsUnavailable: when the database is down or restarting,
// the client is told to retry (503 with Retry-After), not that Clio broke.
func TestDatabaseOutageIsUnavailable(t *testing.T) {
	outages := []error{
		fmt.Errorf("storing: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}),
		fmt.Errorf("storing: %w", driver.ErrBadConn),
		fmt.Errorf("storing: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}),
		fmt.Errorf("storing: %w", &pgconn.PgError{Code: "08006", Message: "connection failure"}),
	}
	for _, err := range outages {
		p := classify(err)
		assert.Equal(t, problem.Unavailable, p.Kind, "%v", err)
		assert.Positive(t, p.RetryAfter)
	}
	for _, err := range []error{
		errors.New("some bug"),
		&pgconn.PgError{Code: "23505", Message: "duplicate key"},
	} {
		assert.Equal(t, problem.Internal, classify(err).Kind, "%v", err)
	}
	assert.Equal(t, problem.NotFound, classify(store.ErrNotFound).Kind)
}
