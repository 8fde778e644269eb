package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for OpenAccounts
	_ "modernc.org/sqlite"             // the "sqlite" driver for OpenSQLiteAccounts
)

// ErrNotFound is returned by Accounts when a row does not exist.
var ErrNotFound = errors.New("web: not found")

// ErrLoginTaken is returned when a tutor login is already used.
var ErrLoginTaken = errors.New("web: login already taken")

// Credential is a tutor's login and password hash (bcrypt).
type Credential struct {
	Login  string
	OrgID  string
	UserID string
	Hash   string
}

// Session is a signed-in browser. Only the SHA-256 of the cookie's token is
// stored; CSRF is the token every form of the session must carry.
type Session struct {
	TokenHash string
	OrgID     string
	UserID    string
	CSRF      string
	Expires   time.Time
}

// AccessCode lets a student sign in without a password. Only its SHA-256
// hash is stored.
type AccessCode struct {
	Hash    string
	OrgID   string
	UserID  string
	Created time.Time
}

// AssignmentOptions are the page settings of an assignment.
type AssignmentOptions struct {
	OrgID        string
	AssignmentID string
	// HideMarks shows students feedback only: no level or mark.
	HideMarks bool
}

// Accounts is the storage the pages need beyond api/store: tutor
// passwords, sessions, student access codes and assignment options.
type Accounts interface {
	Migrate(ctx context.Context) error
	// PutCredential creates a tutor's login; ErrLoginTaken if the login is used.
	PutCredential(ctx context.Context, c Credential) error
	CredentialByLogin(ctx context.Context, login string) (Credential, error)
	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns an unexpired session, or ErrNotFound.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, hash string) error
	// PurgeSessions deletes the sessions that expired before now.
	PurgeSessions(ctx context.Context, now time.Time) error
	CreateAccessCode(ctx context.Context, a AccessCode) error
	AccessCodeByHash(ctx context.Context, hash string) (AccessCode, error)
	PutAssignmentOptions(ctx context.Context, o AssignmentOptions) error
	// AssignmentOptions returns the options, or the zero options (marks
	// shown) when none were saved.
	AssignmentOptions(ctx context.Context, orgID, assignmentID string) (AssignmentOptions, error)
}

// SQLAccounts implements Accounts over database/sql with SQL that runs on
// both SQLite (modernc.org/sqlite) and PostgreSQL (pgx stdlib).
type SQLAccounts struct {
	db *sql.DB
}

// NewSQLAccounts uses db, which the caller opened and closes.
func NewSQLAccounts(db *sql.DB) *SQLAccounts { return &SQLAccounts{db: db} }

// OpenSQLiteAccounts opens the SQLite database file at path (it may be the
// store's clio.db: the tables are prefixed web_) and migrates it. Close the
// returned DB when done.
func OpenSQLiteAccounts(ctx context.Context, path string) (*SQLAccounts, *sql.DB, error) {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	v.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+v.Encode())
	if err != nil {
		return nil, nil, fmt.Errorf("web: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	a := NewSQLAccounts(db)
	if err := a.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, db, nil
}

// OpenAccounts opens the pages' storage beside the API's: PostgreSQL when
// databaseURL is set (as for clio serve --database), otherwise the SQLite
// file at sqlitePath (the store's clio.db under --data). It migrates the
// web_ tables; close the returned DB on shutdown.
func OpenAccounts(ctx context.Context, sqlitePath, databaseURL string) (*SQLAccounts, *sql.DB, error) {
	if databaseURL == "" {
		return OpenSQLiteAccounts(ctx, sqlitePath)
	}
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("web: opening the database: %w", err)
	}
	a := NewSQLAccounts(db)
	if err := a.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, db, nil
}

var schema = []string{
	`CREATE TABLE IF NOT EXISTS web_credentials (
		login TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		hash TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_sessions (
		token_hash TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		csrf TEXT NOT NULL,
		expires BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_access_codes (
		hash TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		created BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_assignment_options (
		org_id TEXT NOT NULL,
		assignment_id TEXT NOT NULL,
		hide_marks INTEGER NOT NULL,
		PRIMARY KEY (org_id, assignment_id))`,
}

// Migrate creates the web_ tables if they are missing.
func (a *SQLAccounts) Migrate(ctx context.Context) error {
	for _, q := range schema {
		if _, err := a.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("web: migrating: %w", err)
		}
	}
	return nil
}

func isUnique(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique") || strings.Contains(s, "duplicate key") || strings.Contains(s, "23505")
}

func (a *SQLAccounts) PutCredential(ctx context.Context, c Credential) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO web_credentials (login, org_id, user_id, hash) VALUES ($1, $2, $3, $4)`,
		c.Login, c.OrgID, c.UserID, c.Hash)
	if err != nil && isUnique(err) {
		return fmt.Errorf("%w: %s", ErrLoginTaken, c.Login)
	}
	if err != nil {
		return fmt.Errorf("web: storing a credential: %w", err)
	}
	return nil
}

func (a *SQLAccounts) CredentialByLogin(ctx context.Context, login string) (Credential, error) {
	c := Credential{Login: login}
	err := a.db.QueryRowContext(ctx, `SELECT org_id, user_id, hash FROM web_credentials WHERE login = $1`, login).
		Scan(&c.OrgID, &c.UserID, &c.Hash)
	return c, rowErr(err, "reading a credential")
}

func (a *SQLAccounts) CreateSession(ctx context.Context, s Session) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO web_sessions (token_hash, org_id, user_id, csrf, expires) VALUES ($1, $2, $3, $4, $5)`,
		s.TokenHash, s.OrgID, s.UserID, s.CSRF, s.Expires.UnixMicro())
	if err != nil {
		return fmt.Errorf("web: storing a session: %w", err)
	}
	return nil
}

func (a *SQLAccounts) SessionByHash(ctx context.Context, hash string, now time.Time) (Session, error) {
	s := Session{TokenHash: hash}
	var exp int64
	err := a.db.QueryRowContext(ctx, `SELECT org_id, user_id, csrf, expires FROM web_sessions WHERE token_hash = $1 AND expires > $2`,
		hash, now.UnixMicro()).Scan(&s.OrgID, &s.UserID, &s.CSRF, &exp)
	s.Expires = time.UnixMicro(exp).UTC()
	return s, rowErr(err, "reading a session")
}

func (a *SQLAccounts) DeleteSession(ctx context.Context, hash string) error {
	if _, err := a.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE token_hash = $1`, hash); err != nil {
		return fmt.Errorf("web: deleting a session: %w", err)
	}
	return nil
}

func (a *SQLAccounts) PurgeSessions(ctx context.Context, now time.Time) error {
	if _, err := a.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires <= $1`, now.UnixMicro()); err != nil {
		return fmt.Errorf("web: purging sessions: %w", err)
	}
	return nil
}

func (a *SQLAccounts) CreateAccessCode(ctx context.Context, c AccessCode) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO web_access_codes (hash, org_id, user_id, created) VALUES ($1, $2, $3, $4)`,
		c.Hash, c.OrgID, c.UserID, c.Created.UnixMicro())
	if err != nil {
		return fmt.Errorf("web: storing an access code: %w", err)
	}
	return nil
}

func (a *SQLAccounts) AccessCodeByHash(ctx context.Context, hash string) (AccessCode, error) {
	c := AccessCode{Hash: hash}
	var created int64
	err := a.db.QueryRowContext(ctx, `SELECT org_id, user_id, created FROM web_access_codes WHERE hash = $1`, hash).
		Scan(&c.OrgID, &c.UserID, &created)
	c.Created = time.UnixMicro(created).UTC()
	return c, rowErr(err, "reading an access code")
}

func (a *SQLAccounts) PutAssignmentOptions(ctx context.Context, o AssignmentOptions) error {
	hide := 0
	if o.HideMarks {
		hide = 1
	}
	_, err := a.db.ExecContext(ctx, `INSERT INTO web_assignment_options (org_id, assignment_id, hide_marks) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, assignment_id) DO UPDATE SET hide_marks = excluded.hide_marks`, o.OrgID, o.AssignmentID, hide)
	if err != nil {
		return fmt.Errorf("web: storing assignment options: %w", err)
	}
	return nil
}

func (a *SQLAccounts) AssignmentOptions(ctx context.Context, orgID, assignmentID string) (AssignmentOptions, error) {
	o := AssignmentOptions{OrgID: orgID, AssignmentID: assignmentID}
	var hide int
	err := a.db.QueryRowContext(ctx, `SELECT hide_marks FROM web_assignment_options WHERE org_id = $1 AND assignment_id = $2`,
		orgID, assignmentID).Scan(&hide)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	o.HideMarks = hide != 0
	return o, rowErr(err, "reading assignment options")
}

func rowErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	default:
		return fmt.Errorf("web: %s: %w", what, err)
	}
}
