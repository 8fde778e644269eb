package problem

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the client. Each kind has one status and one
// type URI (see kinds); a client can switch on the type URI.
type Kind string

const (
	BadRequest       Kind = "bad-request"       // malformed request: broken JSON, bad query parameter
	Invalid          Kind = "invalid"           // well-formed but unacceptable: missing field, bad value
	UnknownField     Kind = "unknown-field"     // the JSON names a field the endpoint does not take
	InvalidText      Kind = "invalid-text"      // the essay cannot be read: empty, binary, not UTF-8
	TooLarge         Kind = "too-large"         // body or essay over its limit
	UnsupportedMedia Kind = "unsupported-media" // Content-Type is not application/json
	Unauthorized     Kind = "unauthorized"      // no key, or a key Clio does not know
	Forbidden        Kind = "forbidden"         // the key's role may not do this
	NotFound         Kind = "not-found"         // no such thing in the caller's organisation
	MethodNotAllowed Kind = "method-not-allowed"
	Conflict         Kind = "conflict"     // the thing already exists
	RateLimited      Kind = "rate-limited" // too many requests for this key
	Unavailable      Kind = "unavailable"  // overloaded or shutting down; retry later
	Internal         Kind = "internal"     // Clio's fault; details are logged, not shown
)

// TypeBase prefixes every problem type URI.
const TypeBase = "https://clio-history.github.io/problems/"

type kindInfo struct {
	status int
	title  string
}

// kinds is the one place where kinds meet HTTP statuses.
var kinds = map[Kind]kindInfo{
	BadRequest:       {400, "Bad request"},
	Invalid:          {422, "Invalid request"},
	UnknownField:     {422, "Unknown field"},
	InvalidText:      {422, "Essay text cannot be read"},
	TooLarge:         {413, "Too large"},
	UnsupportedMedia: {415, "Unsupported media type"},
	Unauthorized:     {401, "Unauthorised"},
	Forbidden:        {403, "Forbidden"},
	NotFound:         {404, "Not found"},
	MethodNotAllowed: {405, "Method not allowed"},
	Conflict:         {409, "Conflict"},
	RateLimited:      {429, "Too many requests"},
	Unavailable:      {503, "Service unavailable"},
	Internal:         {500, "Internal error"},
}

// Kinds lists every kind, for documentation.
func Kinds() []Kind {
	return []Kind{BadRequest, Invalid, UnknownField, InvalidText, TooLarge, UnsupportedMedia,
		Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, RateLimited, Unavailable, Internal}
}

// Status is the HTTP status of a kind (500 for an unknown kind).
func (k Kind) Status() int {
	if i, ok := kinds[k]; ok {
		return i.status
	}
	return 500
}

// Title is the short, fixed summary of a kind.
func (k Kind) Title() string {
	if i, ok := kinds[k]; ok {
		return i.title
	}
	return kinds[Internal].title
}

// Type is the stable URI naming the kind.
func (k Kind) Type() string {
	if _, ok := kinds[k]; !ok {
		k = Internal
	}
	return TypeBase + string(k)
}

// Error is an error meant for the client. Detail is shown to the client, so
// it must never carry internal information; Err (the cause) is only logged.
type Error struct {
	Kind   Kind
	Detail string
	// Field names the request field at fault, when there is one.
	Field string
	// RetryAfter, in seconds, is sent as the Retry-After header when > 0.
	RetryAfter int
	Err        error
}

func (e *Error) Error() string {
	s := string(e.Kind)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an Error with a formatted detail.
func New(k Kind, format string, a ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, a...)}
}

// OnField makes an Error about one request field.
func OnField(k Kind, field, format string, a ...any) *Error {
	return &Error{Kind: k, Field: field, Detail: fmt.Sprintf(format, a...)}
}

// Wrap makes an internal error around err; the client sees only a generic
// message.
func Wrap(err error) *Error { return &Error{Kind: Internal, Err: err} }

// As returns err as an *Error, treating any other error as Internal.
func As(err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return Wrap(err)
}

// Body is the application/problem+json document (RFC 9457) with Clio's
// extension members.
type Body struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// BodyOf renders e for the client. Internal errors get a fixed detail.
func BodyOf(e *Error, instance, requestID string) Body {
	b := Body{Type: e.Kind.Type(), Title: e.Kind.Title(), Status: e.Kind.Status(),
		Detail: e.Detail, Instance: instance, Field: e.Field, RequestID: requestID}
	if e.Kind == Internal || kinds[e.Kind] == (kindInfo{}) {
		b.Detail = "Something went wrong on our side. It has been logged; quote the request id if you report it."
		b.Field = ""
	}
	return b
}
