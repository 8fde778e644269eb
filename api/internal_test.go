package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/rubric/marking"
)

func newTestServer(t *testing.T, st store.Store, tweak func(*Config)) (*Server, string) {
	t.Helper()
	m, err := marking.New(standard.Options{})
	require.NoError(t, err)
	cfg := Config{Store: st, Marker: m, Rate: -1}
	if tweak != nil {
		tweak(&cfg)
	}
	s, err := New(cfg)
	require.NoError(t, err)
	_, secret, err := Bootstrap(context.Background(), st, "")
	require.NoError(t, err)
	return s, secret
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func post(t *testing.T, h http.Handler, path, key, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestMarkingShedsWhenSaturated: with every marking slot taken, a request
// waits MarkWait and is then refused with 503 and Retry-After, not queued.
func TestMarkingShedsWhenSaturated(t *testing.T) {
	s, key := newTestServer(t, openStore(t), func(c *Config) { c.MarkSlots = 2; c.MarkWait = 20 * time.Millisecond })
	s.slots <- struct{}{}
	s.slots <- struct{}{}
	w := post(t, s.Handler(), "/v1/feedback", key, `{"text":"Stalin rose to power because he controlled the party."}`)
	assert.Equal(t, 503, w.Code, w.Body.String())
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), problem.Unavailable.Type())

	<-s.slots
	w = post(t, s.Handler(), "/v1/feedback", key, `{"text":"Stalin rose to power because he controlled the party."}`)
	assert.Equal(t, 200, w.Code, "a free slot is used at once")
}

// failingStore fails one call with an internal error.
type failingStore struct {
	store.Store
}

func (failingStore) ListAssignments(context.Context, string, string) ([]store.Assignment, error) {
	return nil, errors.New("disk on fire at /var/lib/secret/path")
}

func TestInternalErrorsLoggedNotShown(t *testing.T) {
	var logs strings.Builder
	st := openStore(t)
	s, key := newTestServer(t, st, func(c *Config) {
		c.Store = failingStore{st}
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	req := httptest.NewRequest("GET", "/v1/assignments", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	assert.Equal(t, 500, w.Code)
	assert.Contains(t, w.Body.String(), problem.Internal.Type())
	assert.NotContains(t, w.Body.String(), "disk on fire")
	assert.Contains(t, logs.String(), "disk on fire", "the cause is logged")
	assert.Contains(t, logs.String(), w.Header().Get("X-Request-ID"))
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(2, func() time.Time { return now }) // burst 4
	for i := range 4 {
		ok, _ := l.allow("k")
		assert.True(t, ok, "request %d is within the burst", i)
	}
	ok, wait := l.allow("k")
	assert.False(t, ok)
	assert.Equal(t, 1, wait)
	ok, _ = l.allow("other")
	assert.True(t, ok, "keys are limited separately")
	now = now.Add(500 * time.Millisecond) // one token back at 2/s
	ok, _ = l.allow("k")
	assert.True(t, ok)
	ok, _ = l.allow("k")
	assert.False(t, ok)
	now = now.Add(10 * time.Minute)
	l.allow("fresh")
	assert.NotContains(t, l.buckets, "k", "idle, refilled buckets are forgotten")
}

func TestUTF16Index(t *testing.T) {
	for _, text := range []string{"", "plain", "déjà", "“quoted” 𝄞 x", "日本語 text"} {
		idx := newUTF16Index(text)
		for off := 0; off <= len(text); off++ {
			if off < len(text) && !utf8Start(text[off]) {
				continue
			}
			assert.Equal(t, len(utf16.Encode([]rune(text[:off]))), idx.at(off), "%q at %d", text, off)
		}
	}
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func TestBootstrap(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	_, _, err := Bootstrap(ctx, st, "short")
	require.Error(t, err, "a short CLIO_ADMIN_KEY is refused")

	const envKey = "automation-key-0123456789abcdef"
	created, secret, err := Bootstrap(ctx, st, envKey)
	require.NoError(t, err)
	assert.True(t, created)
	assert.Empty(t, secret, "nothing to print when the key came from the environment")
	ok, err := KnownKey(ctx, st, envKey)
	require.NoError(t, err)
	assert.True(t, ok)

	created, secret, err = Bootstrap(ctx, st, "")
	require.NoError(t, err)
	assert.False(t, created, "the second start creates nothing")
	assert.Empty(t, secret)
	ok, err = KnownKey(ctx, st, "clio_never-issued")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestGracefulShutdown: cancelling the context stops the server only after
// a request in flight has finished.
func TestGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release // held until the test has begun the shutdown
		_, _ = w.Write([]byte("finished"))
	})
	srv := HTTPServer("127.0.0.1:0", h, slog.New(slog.DiscardHandler))
	assert.NotZero(t, srv.ReadHeaderTimeout, "slow headers (slowloris) time out")
	assert.NotZero(t, srv.ReadTimeout)
	assert.NotZero(t, srv.WriteTimeout)
	ts := httptest.NewUnstartedServer(h)
	ts.Config = srv
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, srv, func() error { return srv.Serve(ts.Listener) }, 5*time.Second)
	}()
	url := "http://" + ts.Listener.Addr().String()
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, err = io.Copy(&b, resp.Body)
		got <- result{b.String(), err}
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		t.Fatalf("the server stopped with a request in flight: %v", err)
	case <-got:
		t.Fatal("the request ended before it was released")
	case <-time.After(50 * time.Millisecond):
		// Still serving; a slow machine only makes this wait longer, never
		// makes the test fail wrongly.
	}
	close(release)
	r := <-got
	require.NoError(t, r.err)
	assert.Equal(t, "finished", r.body)
	require.NoError(t, <-done)
	_, err := http.Get(url)
	assert.Error(t, err, "the server no longer accepts connections")
}

// TestDrainFailsReadiness: once shutdown begins, /readyz tells load
// balancers to stop sending work, while requests are still served and asked
// to close their connections.
func TestDrainFailsReadiness(t *testing.T) {
	s, _ := newTestServer(t, openStore(t), nil)
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	require.Equal(t, http.StatusOK, get("/readyz").Code)
	assert.Empty(t, get("/healthz").Header().Get("Connection"))

	s.Drain()
	w := get("/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Equal(t, "5", w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "shutting down")
	w = get("/healthz")
	assert.Equal(t, http.StatusOK, w.Code, "the server still answers while draining")
	assert.Equal(t, "close", w.Header().Get("Connection"))
}

// TestDrainThen: the server's context ends only after drain has run and the
// delay has passed; cancelling it early ends it at once.
func TestDrainThen(t *testing.T) {
	parent, stop := context.WithCancel(context.Background())
	drained := make(chan error, 1)
	var out context.Context
	out, cancel := DrainThen(parent, func() { drained <- out.Err() }, 50*time.Millisecond)
	defer cancel()
	select {
	case <-drained:
		t.Fatal("drained before shutdown began")
	default:
	}
	stop()
	assert.NoError(t, <-drained, "drain runs while the server's context is still live")
	<-out.Done()
	assert.ErrorIs(t, out.Err(), context.Canceled)

	out2, cancel2 := DrainThen(context.Background(), func() { t.Error("drain called without shutdown") }, time.Hour)
	cancel2()
	<-out2.Done()
}

func TestPanicBecomesLoggedInternalError(t *testing.T) {
	var logs strings.Builder
	s, _ := newTestServer(t, openStore(t), func(c *Config) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	s.router.GET("/boom", func(*gin.Context) { panic("index out of range in secret code") })
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/boom", nil))
	assert.Equal(t, 500, w.Code)
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
	assert.NotContains(t, w.Body.String(), "secret code")
	assert.Contains(t, logs.String(), "secret code")
}
