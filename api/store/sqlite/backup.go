package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database in dir to dest while
// servers go on using it. VACUUM INTO reads one snapshot of the database
// (in WAL mode writers carry on meanwhile) and writes it out compacted, with
// the write-ahead log folded in, so the copy is a single file that opens on
// its own. The copy is written beside dest, checked with integrity_check,
// synced and only then renamed to dest, so dest is either a whole backup or
// absent; it is private to its owner (0600) like the database. dest must
// not exist. It returns the copy's size in bytes.
func Backup(ctx context.Context, dir, dest string) (int64, error) {
	src := filepath.Join(dir, FileName)
	if _, err := os.Stat(src); err != nil {
		return 0, fmt.Errorf("no database to back up: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return 0, fmt.Errorf("%s already exists; choose a new name", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	partial := dest + ".partial"
	// VACUUM INTO accepts an empty file, so the copy is made with the mode
	// set here rather than the umask's.
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("creating the backup: %w", err)
	}
	f.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(partial)
		}
	}()

	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	// mode=rw: never create an empty database where the real one was meant.
	db, err := sql.Open("sqlite", "file:"+src+"?mode=rw&"+v.Encode())
	if err != nil {
		return 0, fmt.Errorf("opening %s: %w", src, err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("reading %s: %w", src, err)
	}
	if n == 0 {
		return 0, fmt.Errorf("%s is not a Clio database (no schema_migrations table)", src)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, partial); err != nil {
		return 0, fmt.Errorf("copying %s: %w", src, err)
	}
	if err := check(ctx, partial); err != nil {
		return 0, err
	}
	if err := syncFile(partial); err != nil {
		return 0, err
	}
	if err := os.Rename(partial, dest); err != nil {
		return 0, fmt.Errorf("naming the backup: %w", err)
	}
	ok = true
	if d, err := os.Open(filepath.Dir(dest)); err == nil {
		_ = d.Sync() // the rename itself survives a power cut
		d.Close()
	}
	fi, err := os.Stat(dest)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// check runs integrity_check on a copy.
func check(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("opening the backup: %w", err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("checking the backup: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("the backup fails integrity_check: %s", res)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing the backup: %w", err)
	}
	return nil
}
