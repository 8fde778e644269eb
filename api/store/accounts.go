package store

import (
	"context"
	"time"
)

// Credential is a tutor's login (an e-mail address, in lower case) and the
// bcrypt hash of their password, for the web pages.
type Credential struct {
	Login  string
	OrgID  string
	UserID string
	Hash   string
}

// Session is a browser signed in to the web pages. Only the SHA-256 of the
// cookie's token is stored; CSRF is the token every form of the session must
// carry.
type Session struct {
	TokenHash string
	OrgID     string
	UserID    string
	CSRF      string
	Expires   time.Time
}

// AccessCode lets a student sign in to the web pages without a password.
// Only the SHA-256 of the code is stored.
type AccessCode struct {
	Hash    string
	OrgID   string
	UserID  string
	Created time.Time
}

// AssignmentOptions are an assignment's settings for the web pages.
type AssignmentOptions struct {
	OrgID        string
	AssignmentID string
	// HideMarks shows students feedback only: no level or mark.
	HideMarks bool
}

// Accounts is what the web pages keep beyond the API's data. A user and
// their way of signing in are created together, in one transaction, so a
// failure never leaves a user who cannot sign in or a login for no one.
type Accounts interface {
	// CreateUserWithCredential creates a tutor (or admin) and their login;
	// ErrConflict, with nothing written, when the login or the id is taken.
	CreateUserWithCredential(ctx context.Context, u User, c Credential) error
	CredentialByLogin(ctx context.Context, login string) (Credential, error)
	// CreateUserWithAccessCode creates a student and their access code.
	CreateUserWithAccessCode(ctx context.Context, u User, c AccessCode) error
	AccessCodeByHash(ctx context.Context, hash string) (AccessCode, error)

	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns an unexpired session, or ErrNotFound.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, hash string) error
	// PurgeSessions deletes the sessions that expired before now.
	PurgeSessions(ctx context.Context, now time.Time) error

	PutAssignmentOptions(ctx context.Context, o AssignmentOptions) error
	// AssignmentOptions returns the options, or the zero options (marks
	// shown) when none were saved.
	AssignmentOptions(ctx context.Context, orgID, assignmentID string) (AssignmentOptions, error)
}

// SignIns counts sign-in attempts per key (an account, a client address) in
// the database, so that every server behind a load balancer shares the
// counts and no number of other keys can push a key's count out: there is
// no table in memory to fill.
type SignIns interface {
	// CountSignIns records an attempt at now for each key (an attempt is
	// counted against its account and its address at once, in one
	// transaction) and returns, for each key, the attempts counted in its
	// current window, this one included. A window begins with the first
	// attempt after the previous window (of length window) ended.
	CountSignIns(ctx context.Context, keys []string, now time.Time, window time.Duration) ([]int, error)
	// SignIns reads key's attempts in its current window without counting.
	SignIns(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	// UncountSignIn takes back one attempt of key (an attempt that
	// succeeded, when only failures should count).
	UncountSignIn(ctx context.Context, key string) error
	// ClearSignIns forgets key's attempts.
	ClearSignIns(ctx context.Context, key string) error
	// PurgeSignIns deletes the counts whose window ended before now.
	PurgeSignIns(ctx context.Context, now time.Time, window time.Duration) error
}
