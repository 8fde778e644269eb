package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// Defaults for Config's zero values.
const (
	DefaultMaxBody  = 256 << 10
	DefaultMaxEssay = 128 << 10
	DefaultRate     = 10
	DefaultMarkWait = 2 * time.Second
	// markTimeout bounds the marking of one essay; an essay that takes
	// longer is abandoned with 503 rather than holding a slot.
	markTimeout      = 30 * time.Second
	maxQuestionBytes = 2000
	maxNameBytes     = 200
)

// Config configures a Server.
type Config struct {
	Store  store.Store
	Marker *marking.Service
	Logger *slog.Logger
	// MaxBody caps a request body in bytes (413 beyond it).
	MaxBody int64
	// MaxEssay caps an essay's text in bytes (413 beyond it). The marking
	// service is expected to be built with the same limit.
	MaxEssay int
	// Rate is the requests per second allowed per API key, with bursts of
	// twice that; 0 takes DefaultRate and a negative value disables the
	// limit.
	Rate float64
	// MarkSlots bounds the essays marked at once (default GOMAXPROCS*2);
	// MarkWait is how long a request waits for a slot before it is shed with
	// 503.
	MarkSlots int
	MarkWait  time.Duration
	// Profile, when set, is a calibration profile (clio calibrate) used for
	// essays marked against the rubric it was fitted on (Profile.Rubric);
	// it must have one set. Other rubrics use their fixed weights.
	Profile *rubric.Profile
	// Topics is the library of topic packs; nil leaves /v1/topics empty and
	// accepts any topic id.
	Topics *history.Library
	// LTI, when set, turns on the LMS integration: the LTI 1.3 endpoints
	// under /lti, their admin API under /v1/lti, and grade passback and
	// webhooks for every stored submission and review.
	LTI *LTIOptions
	// HoldMarking, when set, is called after an essay has taken its marking
	// slot and been counted as in progress, before it is marked. Only tests
	// set it (clio serve does when CLIO_TEST_HOLD_MARKING names a file), so
	// that they can hold essays in flight deterministically instead of
	// guessing from the machine's speed.
	HoldMarking func(context.Context) error
}

// Server is the API. Build one with New; it is safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   store.Store
	marker  *marking.Service
	metrics *metrics
	limiter *limiter
	slots   chan struct{}
	router  *gin.Engine
	lti     *lti.Service
	ltiOpt  LTIOptions
	// draining is set once shutdown has begun: /readyz then answers 503,
	// so that a load balancer stops sending work while requests in flight
	// finish.
	draining atomic.Bool
}

// Drain marks the server as shutting down: from now on /readyz answers 503
// and responses ask clients to close their connections. Requests are still
// served; the caller stops the listener afterwards.
func (s *Server) Drain() { s.draining.Store(true) }

// DrainThen returns a context that is cancelled delay after ctx is: in
// between, drain has been called, so a server that shuts down on the
// returned context first tells load balancers it is going (its /readyz
// fails) and keeps serving while they notice. Cancel releases the
// context's resources.
func DrainThen(ctx context.Context, drain func(), delay time.Duration) (context.Context, context.CancelFunc) {
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		select {
		case <-ctx.Done():
		case <-out.Done():
			return
		}
		drain()
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-out.Done():
		}
		cancel()
	}()
	return out, cancel
}

// New checks cfg, fills its defaults and builds the router.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Marker == nil {
		return nil, errors.New("api: Config.Store and Config.Marker are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxEssay <= 0 {
		cfg.MaxEssay = DefaultMaxEssay
	}
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.MarkSlots <= 0 {
		cfg.MarkSlots = runtime.GOMAXPROCS(0) * 2
	}
	if cfg.Profile != nil {
		if cfg.Profile.Rubric == "" {
			return nil, errors.New("api: the profile was fitted on a CSV's own scale, not a rubric; calibrate with --rubric")
		}
		if _, err := cfg.Profile.Set(""); err != nil {
			return nil, fmt.Errorf("api: the profile must have exactly one set: %w", err)
		}
	}
	if cfg.MarkWait <= 0 {
		cfg.MarkWait = DefaultMarkWait
	}
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		store:   cfg.Store,
		marker:  cfg.Marker,
		metrics: newMetrics(),
		slots:   make(chan struct{}, cfg.MarkSlots),
	}
	if cfg.Rate > 0 {
		s.limiter = newLimiter(cfg.Rate, time.Now)
	}
	if cfg.LTI != nil {
		svc, err := s.newLTI(cfg.LTI, cfg.Store)
		if err != nil {
			return nil, err
		}
		s.lti, s.ltiOpt = svc, *cfg.LTI
		s.store = hookedStore{Store: cfg.Store, lti: svc, log: cfg.Logger}
	}
	s.router = s.routes()
	return s, nil
}

// Handler is the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.router }

// HTTPServer wraps h in an http.Server with timeouts that stop slow clients
// holding connections open (slowloris) while leaving time to upload and mark
// an essay.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Serve runs srv on ln until ctx is cancelled, then shuts it down gracefully:
// it stops accepting connections and waits up to grace for requests in
// flight to finish.
func Serve(ctx context.Context, srv *http.Server, serve func() error, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
