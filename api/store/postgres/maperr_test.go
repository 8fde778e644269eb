package postgres

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"

	"github.com/clio-history/clio/api/store"
)

func TestMapErr(t *testing.T) {
	tests := []struct {
		name string
		in   error
		want error
	}{
		{"NoRows", pgx.ErrNoRows, store.ErrNotFound},
		{"UniqueViolation", &pgconn.PgError{Code: "23505"}, store.ErrConflict},
		{"Refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, store.ErrUnavailable},
		{"AdminShutdown", &pgconn.PgError{Code: "57P01"}, store.ErrUnavailable},
		{"ConnectionFailure", fmt.Errorf("x: %w", &pgconn.PgError{Code: "08006"}), store.ErrUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, mapErr(tc.in), tc.want)
		})
	}
	plain := errors.New("syntax error")
	assert.Equal(t, plain, mapErr(plain), "other errors pass through")
	assert.NotErrorIs(t, mapErr(&pgconn.PgError{Code: "42601"}), store.ErrUnavailable)
}
