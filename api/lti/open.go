package lti

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

// OpenSQLite opens (creating if needed) the SQLite database at path and
// creates the lti_ tables. Use a file of its own beside the server's
// (e.g. DATA/lti.db) so the two never wait on each other's writes.
func OpenSQLite(ctx context.Context, path string) (*SQLStore, error) {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	return open(ctx, "sqlite", "file:"+path+"?"+v.Encode())
}

// OpenPostgres connects to the PostgreSQL database at databaseURL
// (postgres://...) and creates the lti_ tables; the server's own database
// is fine, as every table is prefixed lti_.
func OpenPostgres(ctx context.Context, databaseURL string) (*SQLStore, error) {
	return open(ctx, "pgx", databaseURL)
}

func open(ctx context.Context, driver, dsn string) (*SQLStore, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("lti: opening the database: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("lti: opening the database: %w", err)
	}
	s := NewSQLStore(db)
	if err := s.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *SQLStore) Close() error { return s.db.Close() }
