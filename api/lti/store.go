package lti

import (
	"github.com/clio-history/clio/api/store"
)

// The LTI side keeps its data in the server's one store (package
// api/store), beside the submissions and reviews it reports, so that a
// submission and the grade it owes an LMS are written in one transaction.
// These are the store's records under their LTI names.
type (
	Platform     = store.Platform
	ToolKey      = store.ToolKey
	LoginState   = store.LoginState
	ResourceLink = store.ResourceLink
	ScoreJob     = store.ScoreJob
	Webhook      = store.Webhook
	Delivery     = store.Delivery
	Attempt      = store.Attempt
)

// Errors are the store's; test with errors.Is.
var (
	ErrNotFound = store.ErrNotFound
	ErrConflict = store.ErrConflict
	// ErrUsed is returned when a single-use value (login state, nonce,
	// launch token id) is presented a second time.
	ErrUsed = store.ErrUsed
)

// Link kinds for Link.Kind.
const (
	LinkUser    = store.LinkUser
	LinkContext = store.LinkContext
)

// Job statuses.
const (
	StatusPending = store.StatusPending
	StatusDone    = store.StatusDone
	StatusFailed  = store.StatusFailed
)

// Store is what the LTI side needs of the store: its own tables and the
// outbox of stored submissions and reviews it turns into grades and
// webhooks. store.Store implements it.
type Store interface {
	store.LTI
	store.Outbox
}
