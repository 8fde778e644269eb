package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"
)

// Errors the implementations return; test with errors.Is. They are the
// only ones: the LTI and web packages use these, not sentinels of their own.
var (
	ErrNotFound = errors.New("not found")
	// ErrConflict is a unique key already taken (recognised by the
	// database's error code, never by its message).
	ErrConflict = errors.New("already exists")
	// ErrUsed is a single-use value (an LTI login state, a nonce) presented
	// a second time.
	ErrUsed = errors.New("already used")
	// ErrUnavailable wraps errors that mean the database cannot be reached
	// just now (down, restarting, connection lost): the caller may retry.
	ErrUnavailable = errors.New("database unavailable")
)

// Role is what a user may do within their organisation.
type Role string

const (
	RoleAdmin       Role = "admin"
	RoleTutor       Role = "tutor"
	RoleStudent     Role = "student"
	RoleIntegration Role = "integration"
)

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleTutor, RoleStudent, RoleIntegration:
		return true
	}
	return false
}

// Org is an organisation (a school or college). Its data is invisible to
// every other organisation. The operator organisation, created on first
// start, is the one whose admins may create other organisations.
type Org struct {
	ID       string
	Name     string
	Operator bool
	Created  time.Time
}

// User is a person or an integration in an organisation.
type User struct {
	ID      string
	OrgID   string
	Name    string
	Email   string
	Role    Role
	Created time.Time
}

// Key is an API key. Only the SHA-256 hash of the secret is stored; Prefix
// (the first characters of the secret) helps people tell keys apart.
type Key struct {
	ID      string
	OrgID   string
	UserID  string
	Name    string
	Prefix  string
	Hash    []byte
	Created time.Time
	Revoked *time.Time
}

// Assignment is a question set by a tutor to a class.
type Assignment struct {
	ID        string
	OrgID     string
	Title     string
	Question  string
	Rubric    string
	Topic     string
	Class     string
	Due       *time.Time
	CreatedBy string
	Created   time.Time
}

// Submission is one marked draft. Drafts of one student for one assignment
// are numbered 1, 2, ... by the store; a free-standing submission
// (AssignmentID "") is always draft 1.
type Submission struct {
	ID           string
	OrgID        string
	StudentID    string
	AssignmentID string
	Draft        int
	Text         string
	Question     string
	Rubric       string
	Topic        string
	Locale       string
	Level        int
	Mark         int
	MaxMark      int
	// Report is the rubric.Report as JSON, exactly as it was returned.
	Report []byte
	// Versions of what produced the report.
	ClioVersion   string
	Analyzers     string
	RubricVersion string
	Created       time.Time
}

// Review is a tutor's decision on a submission: the suggestion Clio made and
// the final level and mark. Reviewing again replaces the decision.
type Review struct {
	SubmissionID   string
	OrgID          string
	ReviewerID     string
	SuggestedLevel int
	SuggestedMark  int
	FinalLevel     int
	FinalMark      int
	Overridden     bool
	Comment        string
	Created        time.Time
}

// MarkbookRow is one submission with its review, if any, for listing and
// export.
type MarkbookRow struct {
	SubmissionID    string
	StudentID       string
	StudentName     string
	AssignmentID    string
	AssignmentTitle string
	Draft           int
	SuggestedLevel  int
	SuggestedMark   int
	MaxMark         int
	Submitted       time.Time
	Review          *Review
	ReviewerName    string
}

// CustomRubric is a rubric uploaded by an organisation's admin, kept as the
// JSON that was validated.
type CustomRubric struct {
	OrgID   string
	ID      string
	Body    []byte
	Created time.Time
}

// SubmissionFilter narrows ListSubmissions. Empty fields match everything.
type SubmissionFilter struct {
	StudentID    string
	AssignmentID string
	// Limit caps the result (0 means 100).
	Limit int
}

// MarkbookFilter narrows ListMarkbook.
type MarkbookFilter struct {
	AssignmentID string
	// ReviewedOnly keeps only submissions that have a review.
	ReviewedOnly bool
	// LatestOnly keeps only the latest draft of each student and assignment.
	LatestOnly bool
}

// Store is the server's persistence: one database for everything Clio keeps
// (the API's data, the web pages' accounts and sessions, the LMS
// integration's registrations and queues, and the outbox of events). Every
// method that reads or changes an organisation's data takes the organisation
// id, and implementations never return another organisation's rows. Safe for
// concurrent use.
type Store interface {
	// Ping checks the database is reachable.
	Ping(ctx context.Context) error
	Close() error

	Core
	Accounts
	SignIns
	LTI
	Outbox
	People
}

// Core is the API's own data: organisations, users, keys, assignments,
// submissions, reviews and custom rubrics.
type Core interface {

	// Bootstrap creates the operator organisation, its admin and the admin's
	// key when the store has no organisation yet; created is false (and
	// nothing is written) otherwise.
	Bootstrap(ctx context.Context, org Org, admin User, key Key) (created bool, err error)

	CreateOrg(ctx context.Context, o Org) error
	// CreateOrgWithAdmin creates an organisation, its first admin and the
	// admin's key in one transaction.
	CreateOrgWithAdmin(ctx context.Context, o Org, admin User, key Key) error
	GetOrg(ctx context.Context, id string) (Org, error)

	CreateUser(ctx context.Context, u User) error
	GetUser(ctx context.Context, orgID, id string) (User, error)
	ListUsers(ctx context.Context, orgID string, role Role) ([]User, error)

	CreateKey(ctx context.Context, k Key) error
	// KeyByHash finds an unrevoked key by the hash of its secret, with its
	// user. It returns ErrNotFound for unknown and revoked keys alike.
	KeyByHash(ctx context.Context, hash []byte) (Key, User, error)
	ListKeys(ctx context.Context, orgID string) ([]Key, error)
	RevokeKey(ctx context.Context, orgID, id string, at time.Time) error

	CreateAssignment(ctx context.Context, a Assignment) error
	GetAssignment(ctx context.Context, orgID, id string) (Assignment, error)
	ListAssignments(ctx context.Context, orgID, class string) ([]Assignment, error)

	// CreateSubmission stores s, setting s.Draft to the next draft number of
	// its student and assignment, and in the same transaction records the
	// EventSubmissionStored event for the outbox.
	CreateSubmission(ctx context.Context, s *Submission) error
	GetSubmission(ctx context.Context, orgID, id string) (Submission, error)
	// ListSubmissions returns submissions newest first, without Text and
	// Report.
	ListSubmissions(ctx context.Context, orgID string, f SubmissionFilter) ([]Submission, error)
	// Drafts returns every draft of one student for one assignment, oldest
	// first, with their reports.
	Drafts(ctx context.Context, orgID, studentID, assignmentID string) ([]Submission, error)
	// GetDraft returns one numbered draft of a student for an assignment.
	GetDraft(ctx context.Context, orgID, studentID, assignmentID string, draft int) (Submission, error)

	// PutReview creates or replaces the review of a submission and, in the
	// same transaction, records the EventReviewStored event for the outbox.
	PutReview(ctx context.Context, r Review) error
	GetReview(ctx context.Context, orgID, submissionID string) (Review, error)
	ListMarkbook(ctx context.Context, orgID string, f MarkbookFilter) ([]MarkbookRow, error)

	// CreateRubric stores a custom rubric; ErrConflict when the id is taken.
	CreateRubric(ctx context.Context, r CustomRubric) error
	GetRubric(ctx context.Context, orgID, id string) (CustomRubric, error)
	ListRubrics(ctx context.Context, orgID string) ([]CustomRubric, error)
}

// NewID returns a random identifier with a readable prefix ("sub_3f9a...").
func NewID(prefix string) string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + "_" + hex.EncodeToString(b[:])
}

// Now is the current time truncated to the microsecond, the precision both
// databases keep.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
