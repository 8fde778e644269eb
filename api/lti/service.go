package lti

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// LMSUser is a person arriving from an LMS.
type LMSUser struct {
	OrgID      string
	PlatformID string
	// Subject is the LMS's stable id for the person (the id_token's sub).
	Subject string
	Name    string
	Email   string
	Role    Role
	// LinkedID is the Clio user an earlier launch linked to this person,
	// or "" on the first launch.
	LinkedID string
}

// LMSActivity is a resource link (an activity in a course) that has no
// Clio assignment yet, or a new assignment a tutor asked for while deep
// linking.
type LMSActivity struct {
	OrgID          string
	PlatformID     string
	ContextID      string
	ContextTitle   string
	ResourceLinkID string
	Title          string
	CreatedBy      string
}

// Assignment is what Clio tells the LMS side about an assignment.
type Assignment struct {
	ID    string
	Title string
	// MaxMark is the rubric's maximum mark, used as the line item's
	// scoreMaximum.
	MaxMark int
}

// Clio is what the LTI side needs from the server; the server implements it
// with its store.
type Clio interface {
	// FindOrCreateUser returns the Clio user for a launch, creating it on the
	// first launch; it may update the role and name.
	FindOrCreateUser(ctx context.Context, u LMSUser) (userID string, err error)
	// FindOrCreateAssignment returns the assignment for an activity,
	// creating it when there is none.
	FindOrCreateAssignment(ctx context.Context, a LMSActivity) (Assignment, error)
	// ListAssignments returns the organisation's assignments, for deep
	// linking.
	ListAssignments(ctx context.Context, orgID string) ([]Assignment, error)
}

// Config is what the server tells the LTI side.
type Config struct {
	// BaseURL is Clio's public URL (https://clio.example.org); the LTI
	// endpoints are under BaseURL/lti.
	BaseURL string
	// StudentURL and TutorURL are where a launch lands, with ?launch=TOKEN
	// added; the page exchanges the token with VerifyLaunchToken.
	StudentURL string
	TutorURL   string
	// OrgOf returns the organisation of the admin calling an admin handler.
	OrgOf func(c *gin.Context) string
	// HTTPClient makes calls to platforms and webhooks (default: 15 s timeout).
	HTTPClient *http.Client
	Log        *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Leeway allowed on exp and iat (default 1 minute).
	Leeway time.Duration
	// LoginTTL is how long a login may take (default 10 minutes).
	LoginTTL time.Duration
	// JWKSCacheTTL is how long a platform's keys are cached (default 1 hour);
	// an unknown kid refetches at most every JWKSMinRefetch (default 10 s).
	JWKSCacheTTL   time.Duration
	JWKSMinRefetch time.Duration
	// RetryBase is the first retry delay, doubled each attempt up to
	// RetryMax (defaults 30 s and 1 hour); after MaxAttempts (default 12)
	// a job is marked failed.
	RetryBase   time.Duration
	RetryMax    time.Duration
	MaxAttempts int
	// PollInterval is how often RunQueue looks for due work (default 2 s).
	PollInterval time.Duration
	// JobLease is how long a claimed score or delivery is hidden from the
	// other servers' queues (default 2 minutes, above HTTPClient's timeout,
	// so a post still in flight is never sent again by another server); a
	// server killed mid-post leaves its job to be claimed when it ends.
	JobLease time.Duration
	// InsecureCookies drops the Secure attribute from the state cookie, for
	// local development over plain HTTP only.
	InsecureCookies bool
	// Fail writes an admin endpoint's error as application/problem+json.
	// The server sets its own writer, so that the admin API answers like the
	// rest of the JSON API (request ids, logging); without it the errors are
	// written with package problem and logged to Log.
	Fail func(c *gin.Context, err error)
	// MaxBody caps an admin request's JSON body (default DefaultMaxBody).
	MaxBody int64
}

// Service is the LTI tool and the integration queue.
type Service struct {
	cfg    Config
	store  Store
	clio   Clio
	log    *slog.Logger
	keys   *keyring
	plat   *platformKeys
	tokens *tokenCache
	wake   chan struct{}
}

// New returns a Service. The store must be migrated.
func New(cfg Config, st Store, clio Clio) (*Service, error) {
	if st == nil || clio == nil {
		return nil, errors.New("lti: a store and a Clio are required")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("lti: BaseURL %q must be an absolute http(s) URL", cfg.BaseURL)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.StudentURL == "" || cfg.TutorURL == "" {
		return nil, errors.New("lti: StudentURL and TutorURL are required")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OrgOf == nil {
		cfg.OrgOf = func(*gin.Context) string { return "" }
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Leeway, time.Minute)
	def(&cfg.LoginTTL, 10*time.Minute)
	def(&cfg.JWKSCacheTTL, time.Hour)
	if cfg.JWKSMinRefetch < 0 {
		cfg.JWKSMinRefetch = 0
	} else if cfg.JWKSMinRefetch == 0 {
		cfg.JWKSMinRefetch = 10 * time.Second
	}
	def(&cfg.RetryBase, 30*time.Second)
	def(&cfg.RetryMax, time.Hour)
	def(&cfg.PollInterval, 2*time.Second)
	def(&cfg.JobLease, leaseTime)
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 12
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	now := func() time.Time { return cfg.Now().UTC() }
	return &Service{
		cfg:   cfg,
		store: st,
		clio:  clio,
		log:   cfg.Log,
		keys:  &keyring{store: st, now: now},
		plat: &platformKeys{client: cfg.HTTPClient, now: now, ttl: cfg.JWKSCacheTTL,
			minRefetch: cfg.JWKSMinRefetch},
		tokens: &tokenCache{},
		wake:   make(chan struct{}, 1),
	}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// Routes registers the endpoints platforms and browsers call:
//
//	GET|POST /lti/login      OIDC third-party login initiation
//	POST     /lti/launch     the launch (id_token)
//	GET      /lti/jwks       Clio's public keys
//	POST     /lti/deep-link  a tutor's choice in the deep-linking picker
//
// None of them takes an API key.
func (s *Service) Routes(r gin.IRouter) {
	r.GET("/lti/login", s.login)
	r.POST("/lti/login", s.login)
	r.POST("/lti/launch", s.launch)
	r.GET("/lti/jwks", s.jwks)
	r.POST("/lti/deep-link", s.deepLink)
}

// URLs Clio gives a platform's administrator.
func (s *Service) LoginURL() string    { return s.cfg.BaseURL + "/lti/login" }
func (s *Service) LaunchURL() string   { return s.cfg.BaseURL + "/lti/launch" }
func (s *Service) JWKSURL() string     { return s.cfg.BaseURL + "/lti/jwks" }
func (s *Service) DeepLinkURL() string { return s.cfg.BaseURL + "/lti/launch" }

// RotateKey makes a new signing key current and returns its kid.
func (s *Service) RotateKey(ctx context.Context) (string, error) { return s.keys.Rotate(ctx) }

func (s *Service) jwks(c *gin.Context) {
	_, set, err := s.keys.load(c.Request.Context(), false)
	if err != nil {
		s.log.Error("lti: reading tool keys", "error", err)
		c.JSON(http.StatusInternalServerError, gin.H{"error": "keys unavailable"})
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.JSON(http.StatusOK, set)
}
