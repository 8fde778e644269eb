package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/api/web"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// runServe runs the HTTP API until ctx is cancelled (SIGINT or SIGTERM), then
// shuts down gracefully, finishing requests in flight.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr("CLIO_ADDR", ":8080"), "address to listen on (env CLIO_ADDR)")
	dataDir := fs.String("data", envOr("CLIO_DATA", "./clio-data"), "directory for the embedded SQLite database, created if missing (env CLIO_DATA)")
	dbURL := fs.String("database", os.Getenv("CLIO_DATABASE_URL"), "PostgreSQL URL (postgres://...); replaces --data (env CLIO_DATABASE_URL)")
	maxBody := fs.Int64("max-body", api.DefaultMaxBody, "largest request body in bytes")
	maxEssay := fs.Int("max-essay", api.DefaultMaxEssay, "largest essay in bytes")
	rate := fs.Float64("rate", api.DefaultRate, "requests per second per API key, bursts of twice that; 0 for no limit")
	slots := fs.Int("mark-slots", 0, "essays marked at once (default GOMAXPROCS*2)")
	markWait := fs.Duration("mark-wait", api.DefaultMarkWait, "how long a request waits for a marking slot before 503")
	grace := fs.Duration("shutdown-timeout", 20*time.Second, "how long to wait for requests in flight when stopping")
	drainDelay := fs.Duration("drain-delay", 0, "on SIGTERM, how long to keep serving with /readyz failing before the listener closes, so that a load balancer can stop sending work (e.g. 5s behind one; 0 stops at once)")
	profilePath := fs.String("profile", os.Getenv("CLIO_PROFILE"), "calibration profile (from 'clio calibrate --rubric ID') used for that rubric's essays (env CLIO_PROFILE)")
	publicURL := fs.String("public-url", os.Getenv("CLIO_PUBLIC_URL"), "Clio's address as browsers and LMSs reach it, e.g. https://clio.example.org; LTI URLs are built on it (env CLIO_PUBLIC_URL; default http://ADDR, for local use)")
	proxies := fs.String("trusted-proxies", os.Getenv("CLIO_TRUSTED_PROXIES"), "comma-separated addresses or CIDR ranges of the reverse proxies in front of Clio, whose X-Forwarded-For gives the client's address for the sign-in limits (env CLIO_TRUSTED_PROXIES; default none: the client is the connection's peer)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("%w: --log-level: %v", errUsage, err)
	}
	if *maxBody <= 0 || *maxEssay <= 0 || *rate < 0 || *slots < 0 || *grace < 0 || *markWait < 0 || *drainDelay < 0 {
		return fmt.Errorf("%w: sizes, --rate, --mark-slots and durations must not be negative", errUsage)
	}
	if *dbURL != "" && !strings.HasPrefix(*dbURL, "postgres://") && !strings.HasPrefix(*dbURL, "postgresql://") {
		return fmt.Errorf("%w: --database must be a postgres:// URL", errUsage)
	}
	if *publicURL != "" {
		if u, err := url.Parse(*publicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return fmt.Errorf("%w: --public-url must be an http(s) URL with no path, like https://clio.example.org", errUsage)
		}
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	var st store.Store
	var err error
	if *dbURL != "" {
		st, err = postgres.Open(ctx, *dbURL)
	} else {
		st, err = sqlite.Open(ctx, *dataDir)
	}
	if err != nil {
		return err
	}
	defer st.Close()

	created, secret, err := api.Bootstrap(ctx, st, os.Getenv("CLIO_ADMIN_KEY"))
	if err != nil {
		return err
	}
	switch {
	case created && secret != "":
		fmt.Fprintf(stdout, "Clio: created the operator organisation and its admin.\nAdmin API key (shown once, store it safely):\n\n  %s\n\n", secret)
	case created:
		log.Info("created the operator organisation; its admin key is CLIO_ADMIN_KEY")
	case os.Getenv("CLIO_ADMIN_KEY") != "":
		if ok, err := api.KnownKey(ctx, st, os.Getenv("CLIO_ADMIN_KEY")); err == nil && !ok {
			log.Warn("CLIO_ADMIN_KEY is ignored: the database already has an admin and does not know this key")
		}
	}

	marker, err := marking.New(standard.Options{Limits: analysis.Limits{MaxBytes: *maxEssay}})
	if err != nil {
		return err
	}
	// Mark one short essay now so the models and word lists (including
	// those only used for a misspelt or accented word) are loaded before the
	// first request, not during it.
	warm := time.Now()
	if _, err := marker.Mark(ctx, marking.Request{Text: "In 1929 Stalin becam leeder, déjà vu, because he controled the party."}); err != nil {
		return fmt.Errorf("warming up the marking engine: %w", err)
	}
	log.Info("marking engine ready", "ms", time.Since(warm).Milliseconds())
	var profile *rubric.Profile
	if *profilePath != "" {
		if profile, err = rubric.LoadProfile(*profilePath); err != nil {
			return err
		}
	}
	topics, err := history.Default()
	if err != nil {
		return fmt.Errorf("loading topic packs: %w", err)
	}
	rl := *rate
	if rl == 0 {
		rl = -1 // api.Config treats 0 as the default; the flag's 0 means off
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	defer ln.Close()
	pub := *publicURL
	if pub == "" {
		pub = localURL(ln.Addr())
	}
	// The web pages are built after the API because they mark through the
	// API's one marking service (the same slots and gauges); the LTI
	// landing, built first, hands launched users to them.
	var pages *web.Handler
	startSession := func(c *gin.Context, u store.User) error {
		if pages == nil {
			return errors.New("the web pages are not running")
		}
		return pages.StartSession(c, u)
	}
	srv, err := api.New(api.Config{Store: st, Marker: marker, Logger: log, MaxBody: *maxBody, MaxEssay: *maxEssay,
		Rate: rl, MarkSlots: *slots, MarkWait: *markWait, Topics: topics, Profile: profile, TrustedProxies: splitList(*proxies),
		LTI:         &api.LTIOptions{PublicURL: pub, StartSession: startSession, Tune: testLease(os.Getenv("CLIO_TEST_LTI_LEASE"))},
		HoldMarking: holdWhileFileExists(os.Getenv("CLIO_TEST_HOLD_MARKING")),
		HoldStored:  holdWhileFileExists(os.Getenv("CLIO_TEST_HOLD_STORED"))})
	if err != nil {
		return err
	}
	pages, err = web.New(web.Deps{Store: st, Marker: srv.Marker(), Logger: log,
		Secure: strings.HasPrefix(pub, "https://"), MaxEssay: *maxEssay})
	if err != nil {
		return err
	}
	engine, ok := srv.Handler().(*gin.Engine)
	if !ok {
		return errors.New("the API's handler is not a Gin engine; the web pages cannot be mounted")
	}
	pages.Register(engine)
	// The grade and webhook queue runs beside the server and stops after it
	// (deferred calls run last first); whatever is still queued stays in
	// the database for the next start.
	qctx, stopQueue := context.WithCancel(context.WithoutCancel(ctx))
	queueDone := make(chan struct{})
	go func() {
		defer close(queueDone)
		_ = srv.LTI().RunQueue(qctx)
	}()
	defer func() {
		stopQueue()
		<-queueDone
	}()
	backend := "sqlite " + *dataDir
	if *dbURL != "" {
		backend = "postgres"
	}
	log.Info("clio serving", "addr", ln.Addr().String(), "store", backend, "public_url", pub, "version", marking.Version)
	fmt.Fprintf(stdout, "Clio %s listening on http://%s (OpenAPI at /openapi.json)\n", marking.Version, ln.Addr())
	fmt.Fprintln(stdout, web.Addresses(pub))
	hs := api.HTTPServer(*addr, srv.Handler(), log)
	// On SIGTERM: /readyz fails at once, the listener closes after the
	// drain delay, and requests in flight then have the grace period.
	serveCtx, stopServing := api.DrainThen(ctx, func() {
		log.Info("clio draining", "drain_delay", drainDelay.String())
		srv.Drain()
	}, *drainDelay)
	defer stopServing()
	err = api.Serve(serveCtx, hs, func() error { return hs.Serve(ln) }, *grace)
	log.Info("clio stopped")
	return err
}

// localURL is http://ADDR for a listener, with a wildcard address
// replaced by localhost so that a browser on this machine can follow it.
func localURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// splitList reads a comma-separated flag; empty is none.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// holdWhileFileExists is the tests' gate in the running binary: while the
// file at path exists, a request that reaches the gate waits. The crash and
// shutdown tests use it to hold requests at a known point (an essay in its
// marking slot, for CLIO_TEST_HOLD_MARKING; a submission or review stored
// but not yet answered, for CLIO_TEST_HOLD_STORED) for as long as they
// need, whatever the machine's speed. With path empty (always, outside
// tests) there is no gate.
func holdWhileFileExists(path string) func(context.Context) error {
	if path == "" {
		return nil
	}
	return func(ctx context.Context) error {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if _, err := os.Stat(path); err != nil {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-tick.C:
			}
		}
	}
}

// testLease shortens the grade queue's job lease for the multi-server test,
// which kills a server mid-post and waits for another to take the job over
// (two minutes by default). Empty or unparsable (always, outside tests)
// changes nothing.
func testLease(v string) func(*lti.Config) {
	d, err := time.ParseDuration(v)
	if v == "" || err != nil || d <= 0 {
		return nil
	}
	return func(c *lti.Config) { c.JobLease = d }
}
