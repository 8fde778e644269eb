package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// legacyFiles are the databases earlier versions of Clio kept beside
// clio.db: the web pages' accounts in web.db and the LMS integration's data
// in lti.db, each with the tables it held. Their tables are now in clio.db
// (migrations 0002 and 0003), created with the same columns.
var legacyFiles = []struct {
	name   string
	tables []string
}{
	{"web.db", []string{"web_credentials", "web_sessions", "web_access_codes", "web_assignment_options"}},
	{"lti.db", []string{"lti_platforms", "lti_tool_keys", "lti_states", "lti_nonces", "lti_links", "lti_resource_links",
		"lti_score_queue", "lti_webhooks", "lti_webhook_deliveries", "lti_attempts"}},
}

// ImportedSuffix is added to an old web.db or lti.db once its rows are in
// clio.db. The renamed file is kept (private to its owner) as a backup;
// Clio never reads it again.
const ImportedSuffix = ".imported"

// importLegacy moves the rows of an old web.db and lti.db in dir into the
// store, each file in one transaction, then renames the file so it is not
// imported again. Rows already in the store win (INSERT OR IGNORE), so an
// import cut short by a crash after its commit is simply repeated on the
// next start. A file that cannot be read stops the start: the data in it
// (LMS registrations, grades still to send) must not be lost silently.
func importLegacy(ctx context.Context, w *sql.DB, dir string) error {
	for _, lf := range legacyFiles {
		path := filepath.Join(dir, lf.name)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return fmt.Errorf("looking for %s: %w", path, err)
		}
		if err := importFile(ctx, w, path, lf.tables); err != nil {
			return fmt.Errorf("moving %s into %s: %w", path, FileName, err)
		}
		if err := retireFile(path); err != nil {
			return fmt.Errorf("%s was moved into %s but could not be renamed: %w", path, FileName, err)
		}
	}
	return nil
}

func importFile(ctx context.Context, w *sql.DB, path string, tables []string) (err error) {
	// ATTACH is per connection and not allowed inside a transaction: pin
	// the writer's one connection for the whole import.
	c, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `ATTACH DATABASE ? AS legacy`, path); err != nil {
		return err
	}
	defer func() {
		if _, derr := c.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE legacy`); derr != nil && err == nil {
			err = derr
		}
	}()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	for _, t := range tables {
		have, err := columns(ctx, tx, "legacy", t)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			continue // this file never had the table
		}
		want, err := columns(ctx, tx, "main", t)
		if err != nil {
			return err
		}
		// The columns both have, so that a file from a version with fewer
		// columns still imports; the new ones take their defaults.
		var cols []string
		for _, c := range want {
			if slices.Contains(have, c) {
				cols = append(cols, c)
			}
		}
		list := strings.Join(cols, ", ")
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO main.`+t+` (`+list+`) SELECT `+list+` FROM legacy.`+t); err != nil {
			return fmt.Errorf("copying %s: %w", t, err)
		}
	}
	return tx.Commit()
}

// columns lists a table's columns, or none when it does not exist. The
// table and schema names are this file's own, never input.
func columns(ctx context.Context, tx *sql.Tx, schema, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?, ?)`, table, schema)
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s.%s: %w", schema, table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// retireFile renames an imported file (and its -wal and -shm files, so the
// renamed copy stays a consistent database) to NAME.imported, or
// NAME.imported-TIME when that exists, and makes it private: the old files
// were created readable by everyone and lti.db holds the LTI private key.
func retireFile(path string) error {
	to := path + ImportedSuffix
	if _, err := os.Stat(to); err == nil {
		to += "-" + time.Now().UTC().Format("20060102T150405")
	}
	for _, ext := range []string{"-wal", "-shm", ""} {
		from := path + ext
		if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Chmod(from, 0o600); err != nil {
			return err
		}
		if err := os.Rename(from, to+ext); err != nil {
			return err
		}
	}
	return nil
}
