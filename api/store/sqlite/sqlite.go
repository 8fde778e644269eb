package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/internal/sqlstore"
)

// FileName is the database file created inside the data directory.
const FileName = "clio.db"

// Open opens (creating if needed) the database in dir, applies the embedded
// migrations and moves in the data of the web.db and lti.db files that
// earlier versions of Clio kept beside it (see importLegacy). A directory
// it creates is private to its owner (0700).
func Open(ctx context.Context, dir string) (store.Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	c, err := open(ctx, filepath.Join(dir, FileName))
	if err != nil {
		return nil, err
	}
	if err := importLegacy(ctx, c.w, dir); err != nil {
		c.Close()
		return nil, err
	}
	return sqlstore.New(c), nil
}

// OpenFile opens the database at path and applies the migrations.
func OpenFile(ctx context.Context, path string) (store.Store, error) {
	c, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	return sqlstore.New(c), nil
}

// open opens and migrates the database at path. The file holds students'
// essays, password hashes and the LTI signing key, so it is readable by its
// owner only (0600), and so are the -wal and -shm files SQLite makes beside
// it, which take the database file's mode. A file an older Clio left
// readable by others is made private.
func open(ctx context.Context, path string) (*conn, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err == nil && fi.Mode().Perm()&0o077 != 0 {
		err = f.Chmod(0o600)
	}
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("making %s private: %w", path, err)
	}
	dsn := func(extra ...string) string {
		v := url.Values{}
		v.Add("_pragma", "busy_timeout(10000)")
		v.Add("_pragma", "journal_mode(WAL)")
		v.Add("_pragma", "synchronous(FULL)")
		v.Add("_pragma", "foreign_keys(1)")
		for _, e := range extra {
			v.Add("_pragma", e)
		}
		v.Set("_txlock", "immediate")
		return "file:" + path + "?" + v.Encode()
	}
	w, err := sql.Open("sqlite", dsn())
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// One writer: SQLite allows one write transaction at a time, and a single
	// connection queues writers in Go instead of failing with SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn("query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	c := &conn{w: w, r: r}
	if err := w.PingContext(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if err := sqlstore.Migrate(ctx, c); err != nil {
		c.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	return c, nil
}

type conn struct {
	w, r *sql.DB
}

func (c *conn) Read() sqlstore.Querier { return querier{c.r} }
func (c *conn) Lock(context.Context, sqlstore.Querier, string) error {
	return nil // one writer connection: write transactions never interleave
}
func (c *conn) Ping(ctx context.Context) error {
	var one int
	return c.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

func (c *conn) Close() error { return errors.Join(c.r.Close(), c.w.Close()) }

func (c *conn) InTx(ctx context.Context, fn func(sqlstore.Querier) error) error {
	tx, err := c.w.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(querier{tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	return mapErr(tx.Commit())
}

type sqlQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type querier struct{ q sqlQuerier }

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	n, err := res.RowsAffected()
	return n, mapErr(err)
}

func (q querier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return row{q.q.QueryRowContext(ctx, query, args...)}
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rs, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return rows{rs}, nil
}

type row struct{ r *sql.Row }

func (r row) Scan(dest ...any) error { return mapErr(r.r.Scan(dest...)) }

type rows struct{ r *sql.Rows }

func (r rows) Next() bool             { return r.r.Next() }
func (r rows) Scan(dest ...any) error { return mapErr(r.r.Scan(dest...)) }
func (r rows) Err() error             { return mapErr(r.r.Err()) }
func (r rows) Close()                 { _ = r.r.Close() }

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", store.ErrConflict, err)
		}
	}
	return err
}
