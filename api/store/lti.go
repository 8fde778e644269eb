package store

import (
	"context"
	"slices"
	"time"
)

// The LMS integration's records (package api/lti gives them their LTI names
// and the meaning of each field); the store keeps them beside the rest so
// that a submission and the grade it owes an LMS are written together.

// Platform is an LMS registered by an organisation's admin: the values the
// LMS shows its administrator when Clio is added as an LTI 1.3 tool.
type Platform struct {
	ID            string   `json:"id"`
	OrgID         string   `json:"org_id"`
	Name          string   `json:"name"`
	Issuer        string   `json:"issuer"`
	ClientID      string   `json:"client_id"`
	DeploymentIDs []string `json:"deployment_ids"`
	JWKSURL       string   `json:"jwks_url"`
	AuthURL       string   `json:"auth_url"`
	TokenURL      string   `json:"token_url"`
	// Audience is the aud of client assertions sent to TokenURL; empty
	// means TokenURL itself (what Moodle and Canvas expect).
	Audience string `json:"audience,omitempty"`
	// AuthMethod is how the browser is sent to AuthURL: "get" (a redirect,
	// the default, "" meaning the same) or "post" (an auto-submitting
	// form). OpenID Connect requires authorisation servers to take both;
	// some LMSs take only one.
	AuthMethod string    `json:"auth_method,omitempty"`
	Created    time.Time `json:"created"`
}

// HasDeployment reports whether id is one of the platform's deployments.
func (p Platform) HasDeployment(id string) bool { return slices.Contains(p.DeploymentIDs, id) }

// ToolKey is one of Clio's own RSA signing keys. The current key signs;
// keys retired within the last rotation period are still published so that
// tokens signed just before a rotation verify.
type ToolKey struct {
	KID string
	// PrivatePEM is the PKCS#8 private key.
	PrivatePEM []byte
	Created    time.Time
	// Retired is set when a newer key replaced this one.
	Retired *time.Time
}

// LoginState is one OIDC login in progress: the state and nonce sent to the
// platform and the secret bound to the browser by a cookie.
type LoginState struct {
	State      string
	Nonce      string
	Binding    string
	PlatformID string
	Expires    time.Time
}

// Link kinds: what an LMS id is mapped to.
const (
	LinkUser    = "user"
	LinkContext = "context"
)

// ResourceLink is an LMS resource link (an activity placed in a course)
// mapped to a Clio assignment, with its grade service endpoints.
type ResourceLink struct {
	PlatformID     string
	ResourceLinkID string
	OrgID          string
	DeploymentID   string
	ContextID      string
	AssignmentID   string
	Title          string
	// LineItemsURL and LineItemURL come from the AGS endpoint claim; the
	// worker fills LineItemURL when it finds or creates the line item.
	LineItemsURL string
	LineItemURL  string
	Scopes       []string
	Updated      time.Time
}

// Job statuses of score jobs and webhook deliveries.
const (
	StatusPending = "pending"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// ScoreJob is one score post waiting for, or past, delivery to a platform.
type ScoreJob struct {
	ID             string
	DedupeKey      string
	OrgID          string
	PlatformID     string
	ResourceLinkID string
	SubmissionID   string
	// MaxMark is the assignment's maximum, for a line item created to
	// receive the score.
	MaxMark int
	// Score is the JSON body sent to the platform, fixed when queued so that
	// every retry carries the same timestamp.
	Score       []byte
	Status      string
	Attempts    int
	NextAttempt time.Time
	LastError   string
	Created     time.Time
	Done        *time.Time
}

// Webhook is an organisation's subscription to Clio's events.
type Webhook struct {
	ID      string    `json:"id"`
	OrgID   string    `json:"org_id"`
	URL     string    `json:"url"`
	Secret  string    `json:"secret,omitempty"`
	Created time.Time `json:"created"`
}

// Delivery is one event sent (or being sent) to one webhook.
type Delivery struct {
	ID          string     `json:"id"`
	DedupeKey   string     `json:"-"`
	WebhookID   string     `json:"webhook_id"`
	OrgID       string     `json:"org_id"`
	Event       string     `json:"event"`
	Body        []byte     `json:"-"`
	Status      string     `json:"status"`
	Attempts    int        `json:"attempts"`
	NextAttempt time.Time  `json:"next_attempt"`
	LastError   string     `json:"last_error,omitempty"`
	LastCode    int        `json:"last_status_code,omitempty"`
	Created     time.Time  `json:"created"`
	Done        *time.Time `json:"done,omitempty"`
}

// Attempt is one try at delivering a score or a webhook, for the log.
type Attempt struct {
	JobID string    `json:"job_id"`
	N     int       `json:"attempt"`
	At    time.Time `json:"at"`
	Code  int       `json:"status_code,omitempty"`
	Error string    `json:"error,omitempty"`
}

// LTI keeps the LMS integration's data: registrations, Clio's signing keys,
// logins in progress, the mapping of LMS ids to Clio's, and the score and
// webhook queues. Safe for several servers sharing one database.
type LTI interface {
	CreatePlatform(ctx context.Context, p Platform) error
	UpdatePlatform(ctx context.Context, p Platform) error
	GetPlatform(ctx context.Context, id string) (Platform, error)
	// PlatformsByIssuer returns every registration of an issuer (one per
	// client id).
	PlatformsByIssuer(ctx context.Context, issuer string) ([]Platform, error)
	ListPlatforms(ctx context.Context, orgID string) ([]Platform, error)
	DeletePlatform(ctx context.Context, orgID, id string) error

	AddToolKey(ctx context.Context, k ToolKey) error
	// ToolKeys returns every key, newest first.
	ToolKeys(ctx context.Context) ([]ToolKey, error)
	RetireToolKey(ctx context.Context, kid string, at time.Time) error

	SaveState(ctx context.Context, s LoginState) error
	// TakeState returns the state and marks it used; ErrNotFound for an
	// unknown or expired state, ErrUsed for one already taken.
	TakeState(ctx context.Context, state string, now time.Time) (LoginState, error)
	// UseNonce records a single-use value; ErrUsed when it was seen before.
	UseNonce(ctx context.Context, nonce string, expires time.Time) error
	// Sweep deletes expired states and nonces.
	Sweep(ctx context.Context, now time.Time) error

	// Link maps an LMS id of the given kind to a Clio id; LinkedID reads it
	// (ErrNotFound when absent); LMSID is the reverse.
	Link(ctx context.Context, platformID, kind, lmsID, clioID string) error
	LinkedID(ctx context.Context, platformID, kind, lmsID string) (string, error)
	LMSID(ctx context.Context, platformID, kind, clioID string) (string, error)

	SaveResourceLink(ctx context.Context, l ResourceLink) error
	GetResourceLink(ctx context.Context, platformID, resourceLinkID string) (ResourceLink, error)
	ResourceLinksForAssignment(ctx context.Context, orgID, assignmentID string) ([]ResourceLink, error)
	SetLineItem(ctx context.Context, platformID, resourceLinkID, lineItemURL string) error

	// EnqueueScore adds a job; a job with the same DedupeKey is kept and
	// queued is false.
	EnqueueScore(ctx context.Context, j ScoreJob) (queued bool, err error)
	// ClaimScore takes the oldest due job and pushes its NextAttempt lease
	// forward so no other worker takes it; ErrNotFound when none is due.
	ClaimScore(ctx context.Context, now, leaseUntil time.Time) (ScoreJob, error)
	// FinishScore records an attempt's outcome.
	FinishScore(ctx context.Context, j ScoreJob, a Attempt) error
	ListScores(ctx context.Context, orgID string) ([]ScoreJob, error)

	CreateWebhook(ctx context.Context, w Webhook) error
	ListWebhooks(ctx context.Context, orgID string) ([]Webhook, error)
	GetWebhook(ctx context.Context, orgID, id string) (Webhook, error)
	DeleteWebhook(ctx context.Context, orgID, id string) error
	EnqueueDelivery(ctx context.Context, d Delivery) (queued bool, err error)
	ClaimDelivery(ctx context.Context, now, leaseUntil time.Time) (Delivery, error)
	FinishDelivery(ctx context.Context, d Delivery, a Attempt) error
	ListDeliveries(ctx context.Context, orgID, webhookID string) ([]Delivery, error)
	// Attempts returns the attempts at one score job or delivery, oldest first.
	Attempts(ctx context.Context, jobID string) ([]Attempt, error)
}
