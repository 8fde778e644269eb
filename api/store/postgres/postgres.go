package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/internal/sqlstore"
)

// Pool limits, unless the URL sets pool_max_conns and the like (pgxpool's
// parameters). Everything Clio keeps is in this one pool, so these bound
// the connections one server opens; several servers on one database need
// PostgreSQL's max_connections above their sum.
const (
	DefaultMaxConnLifetime = time.Hour
	DefaultMaxConnIdleTime = 5 * time.Minute
)

// DefaultMaxConns is the pool's size when the URL does not set
// pool_max_conns: enough for every marking slot to store its essay at once.
func DefaultMaxConns() int32 { return int32(max(4, 2*runtime.GOMAXPROCS(0))) }

// Open connects to the database at url (postgres://...) and applies the
// embedded migrations.
func Open(ctx context.Context, url string) (store.Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parsing the database URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns()
	}
	if !strings.Contains(url, "pool_max_conn_lifetime") {
		cfg.MaxConnLifetime = DefaultMaxConnLifetime
	}
	if !strings.Contains(url, "pool_max_conn_idle_time") {
		cfg.MaxConnIdleTime = DefaultMaxConnIdleTime
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	c := &conn{pool: pool}
	if err := sqlstore.Migrate(ctx, c); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrating: %w", err)
	}
	return sqlstore.New(c), nil
}

// MaxConns reports the pool's limit of a store Open returned, for tests and
// diagnostics; 0 for any other store.
func MaxConns(s store.Store) int32 {
	if c, ok := sqlstore.ConnOf(s).(*conn); ok {
		return c.pool.Config().MaxConns
	}
	return 0
}

type conn struct {
	pool *pgxpool.Pool
}

func (c *conn) Read() sqlstore.Querier { return querier{c.pool} }
func (c *conn) Lock(ctx context.Context, q sqlstore.Querier, key string) error {
	_, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext(?))`, key)
	return err
}
func (c *conn) Ping(ctx context.Context) error { return c.pool.Ping(ctx) }
func (c *conn) Close() error                   { c.pool.Close(); return nil }

func (c *conn) InTx(ctx context.Context, fn func(sqlstore.Querier) error) error {
	tx, err := c.pool.Begin(ctx)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(querier{tx}); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return mapErr(tx.Commit(ctx))
}

type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type querier struct{ q pgQuerier }

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, rebind(query), args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}

func (q querier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return row{q.q.QueryRow(ctx, rebind(query), args...)}
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rs, err := q.q.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return rows{rs}, nil
}

type row struct{ r pgx.Row }

func (r row) Scan(dest ...any) error { return mapErr(r.r.Scan(dest...)) }

type rows struct{ r pgx.Rows }

func (r rows) Next() bool             { return r.r.Next() }
func (r rows) Scan(dest ...any) error { return mapErr(r.r.Scan(dest...)) }
func (r rows) Err() error             { return mapErr(r.r.Err()) }
func (r rows) Close()                 { r.r.Close() }

// rebind turns the ? placeholders of the shared SQL into $1, $2, ... The
// shared queries have no ? inside string literals.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%w: %w", store.ErrConflict, err)
	}
	if unreachable(err) {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return err
}

// unreachable reports whether err means the server is down, restarting or
// the connection was lost, rather than that the statement was wrong.
func unreachable(err error) bool {
	var opErr *net.OpError
	var connErr *pgconn.ConnectError
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &opErr), errors.As(err, &connErr),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return true
	case errors.As(err, &pe):
		// Class 08 is "connection exception"; 57P01–57P03 are the server
		// shutting down or not yet accepting connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	return pgconn.SafeToRetry(err)
}
