package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/sqlite"
)

// The school's data from the command line: a student's export and erasure
// (the same as the admin API's) and backups.

// storeFlags adds --data and --database, as clio serve takes them.
func storeFlags(fs *flag.FlagSet) (dataDir, dbURL *string) {
	dataDir = fs.String("data", envOr("CLIO_DATA", "./clio-data"), "the directory clio serve uses (env CLIO_DATA)")
	dbURL = fs.String("database", os.Getenv("CLIO_DATABASE_URL"), "PostgreSQL URL, as for clio serve (env CLIO_DATABASE_URL)")
	return dataDir, dbURL
}

func openStore(ctx context.Context, dataDir, dbURL string) (store.Store, error) {
	if dbURL != "" {
		return postgres.Open(ctx, dbURL)
	}
	if _, err := os.Stat(filepath.Join(dataDir, sqlite.FileName)); err != nil {
		// Never make an empty database where the school's was expected.
		return nil, fmt.Errorf("no Clio database in %s: %w", dataDir, err)
	}
	return sqlite.Open(ctx, dataDir)
}

const studentUsage = "clio student export --id USER [--out DIR] | clio student delete --id USER --yes  [--data DIR | --database URL]"

// runStudent exports everything held about a student, or erases them.
func runStudent(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "delete") {
		return fmt.Errorf("%w: %s", errUsage, studentUsage)
	}
	verb := args[0]
	fs := flag.NewFlagSet("student "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.String("id", "", "the student's user id (usr_...)")
	out := fs.String("out", "", "export: a directory for USER.json and USER-essays.txt (default: the JSON on standard output)")
	yes := fs.Bool("yes", false, "delete: confirm the erasure, which cannot be undone")
	dataDir, dbURL := storeFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if *id == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: %s", errUsage, studentUsage)
	}
	if verb == "delete" && !*yes {
		return fmt.Errorf("%w: erasing a student deletes all their work for good; add --yes to confirm", errUsage)
	}
	st, err := openStore(ctx, *dataDir, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByID(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no user %s", *id)
	}
	if err != nil {
		return err
	}
	if u.Role != store.RoleStudent {
		return fmt.Errorf("%s is a %s; only students are exported and erased here", u.ID, u.Role)
	}
	if verb == "delete" {
		e, err := st.EraseStudent(ctx, u.OrgID, u.ID, store.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Erased %s (%s): %d submissions, %d reviews, %d API keys, %d LMS ids, %d LMS grades, %d webhook deliveries. Erasure %s.\n",
			u.Name, u.ID, e.Submissions, e.Reviews, e.Keys, e.LTILinks, e.Scores, e.Deliveries, e.ID)
		return nil
	}
	rec, err := st.ExportStudent(ctx, u.OrgID, u.ID)
	if err != nil {
		return err
	}
	doc, err := json.MarshalIndent(api.ExportJSON(rec, store.Now()), "", "  ")
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = fmt.Fprintf(stdout, "%s\n", doc)
		return err
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return err
	}
	jsonPath := filepath.Join(*out, u.ID+".json")
	if err := os.WriteFile(jsonPath, append(doc, '\n'), 0o600); err != nil {
		return err
	}
	textPath := filepath.Join(*out, u.ID+"-essays.txt")
	f, err := os.OpenFile(textPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := api.WriteEssays(f, rec); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s and %s (%d essays).\n", jsonPath, textPath, len(rec.Submissions))
	return nil
}

// runBackup writes a consistent copy of the SQLite store while Clio runs.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir, dbURL := storeFlags(fs)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *dbURL != "" {
		return fmt.Errorf("%w: back PostgreSQL up with pg_dump: pg_dump --format=custom --file=clio.dump \"$CLIO_DATABASE_URL\" (README, Storage)", errUsage)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: clio backup [--data DIR] FILE", errUsage)
	}
	size, err := sqlite.Backup(ctx, *dataDir, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes, integrity checked).\n", filepath.Join(*dataDir, sqlite.FileName), fs.Arg(0), size)
	return nil
}
