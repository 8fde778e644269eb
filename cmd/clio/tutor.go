package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/api/web"
)

// runTutor adds a tutor account that signs in to the web pages with an
// e-mail address and password. The password is read from standard input,
// never from the command line, where other users of the machine could see
// it in the process list.
func runTutor(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: clio tutor add --org ID --name NAME --email EMAIL [--data DIR | --database URL] < password", errUsage)
	}
	fs := flag.NewFlagSet("tutor add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "the organisation's id (GET /v1/organisation with an admin key shows it)")
	name := fs.String("name", "", "the tutor's name as students see it")
	email := fs.String("email", "", "the tutor's e-mail address, used to sign in")
	dataDir := fs.String("data", envOr("CLIO_DATA", "./clio-data"), "the directory clio serve uses (env CLIO_DATA)")
	dbURL := fs.String("database", os.Getenv("CLIO_DATABASE_URL"), "PostgreSQL URL, as for clio serve (env CLIO_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if *org == "" || strings.TrimSpace(*name) == "" || *email == "" {
		return fmt.Errorf("%w: --org, --name and --email are all needed", errUsage)
	}
	password, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the password: %w", err)
	}
	password = strings.TrimRight(password, "\r\n")

	var st store.Store
	if *dbURL != "" {
		st, err = postgres.Open(ctx, *dbURL)
	} else {
		st, err = sqlite.Open(ctx, *dataDir)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.GetOrg(ctx, *org); err != nil {
		return fmt.Errorf("organisation %q: %w", *org, err)
	}
	u, err := web.AddTutor(ctx, st, *org, strings.TrimSpace(*name), *email, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added tutor %s (%s); they sign in at /login with %s.\n", u.Name, u.ID, u.Email)
	return nil
}
