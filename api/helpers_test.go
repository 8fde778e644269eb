package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/rubric/marking"
)

const testMaxEssay = 20 << 10

// The marking service and topic library are read-only and shared by every
// test, as they are by every request in a server.
var (
	sharedMarker = sync.OnceValues(func() (*marking.Service, error) {
		return marking.New(standard.Options{Limits: analysis.Limits{MaxBytes: testMaxEssay}})
	})
	sharedTopics = sync.OnceValues(history.Default)
)

const essayDraft1 = "Stalin became leader because he controlled the party machine as General Secretary. " +
	"Trotsky was arrogant and made enemies.\n\nIn conclusion, Stalin won because of his power in the party."

const essayDraft2 = "Stalin became leader by 1929 mainly because he controlled the party machine as General Secretary from 1922. " +
	"This mattered because he could appoint loyal officials who voted for him at party congresses.\n\n" +
	"However, Trotsky's arrogance also helped Stalin, since the other leaders feared Trotsky more. " +
	"Lenin's Testament criticised Stalin, but it was not published, which shows how lucky Stalin was.\n\n" +
	"Overall, the most important reason was his control of the party, because without it the other factors would not have mattered."

// env is a running API with an operator organisation and one user of each
// role, each with a key.
type env struct {
	t       testing.TB
	srv     *api.Server
	h       http.Handler
	st      store.Store
	logs    *syncBuffer
	admin   string // keys
	tutor   string
	pupil   string
	pupil2  string
	integ   string
	ids     map[string]string // user ids by name: tutor, pupil, pupil2, integ
	adminID string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t testing.TB, tweak ...func(*api.Config)) *env {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	return newEnvOn(t, st, tweak...)
}

// newEnvOn is newEnv over a given store.
func newEnvOn(t testing.TB, st store.Store, tweak ...func(*api.Config)) *env {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { _ = st.Close() })
	m, err := sharedMarker()
	require.NoError(t, err)
	topics, err := sharedTopics()
	require.NoError(t, err)
	logs := &syncBuffer{}
	cfg := api.Config{Store: st, Marker: m, Topics: topics, MaxEssay: testMaxEssay, Rate: -1,
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	// Users and keys are set up without the tweaks (a rate limit would get in
	// the way); the server under test then gets them.
	setup, err := api.New(cfg)
	require.NoError(t, err)
	created, secret, err := api.Bootstrap(ctx, st, "")
	require.NoError(t, err)
	require.True(t, created)
	e := &env{t: t, srv: setup, h: setup.Handler(), st: st, logs: logs, admin: secret, ids: map[string]string{}}
	me := e.ok("GET", "/v1/me", e.admin, nil, 200)
	e.adminID = me["user"].(map[string]any)["id"].(string)
	for _, u := range []struct{ name, role string }{{"tutor", "tutor"}, {"pupil", "student"}, {"pupil2", "student"}, {"integ", "integration"}} {
		id, key := e.newUser(e.admin, u.name, u.role)
		e.ids[u.name] = id
		switch u.name {
		case "tutor":
			e.tutor = key
		case "pupil":
			e.pupil = key
		case "pupil2":
			e.pupil2 = key
		case "integ":
			e.integ = key
		}
	}
	for _, f := range tweak {
		f(&cfg)
	}
	e.srv, err = api.New(cfg)
	require.NoError(t, err)
	e.h = e.srv.Handler()
	return e
}

// newUser creates a user with a key, as the admin holding adminKey.
func (e *env) newUser(adminKey, name, role string) (id, key string) {
	e.t.Helper()
	u := e.ok("POST", "/v1/users", adminKey, map[string]any{"name": name, "role": role, "email": name + "@example.org"}, 201)
	id = u["id"].(string)
	k := e.ok("POST", "/v1/users/"+id+"/keys", adminKey, map[string]any{"name": "test"}, 201)
	return id, k["key"].(string)
}

// do sends a request as a client would. body may be nil, a string (sent
// verbatim), []byte or a value to encode as JSON.
func (e *env) do(method, path, key string, body any, headers ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	var r io.Reader
	isJSON := false
	switch b := body.(type) {
	case nil:
	case string:
		r, isJSON = strings.NewReader(b), true
	case []byte:
		r, isJSON = bytes.NewReader(b), true
	default:
		j, err := json.Marshal(b)
		require.NoError(e.t, err)
		r, isJSON = bytes.NewReader(j), true
	}
	req := httptest.NewRequest(method, path, r)
	if isJSON {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// ok sends a request, requires the status and decodes a JSON object.
func (e *env) ok(method, path, key string, body any, status int) map[string]any {
	e.t.Helper()
	w := e.do(method, path, key, body)
	require.Equal(e.t, status, w.Code, "%s %s: %s", method, path, w.Body.String())
	if w.Body.Len() == 0 {
		return nil
	}
	var out map[string]any
	require.NoError(e.t, json.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
	return out
}

// wantProblem checks w is an RFC 9457 problem of the given kind, and returns
// its body.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, kind problem.Kind) problem.Body {
	t.Helper()
	assert.Equal(t, kind.Status(), w.Code, w.Body.String())
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
	var b problem.Body
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &b), w.Body.String())
	assert.Equal(t, kind.Type(), b.Type)
	assert.Equal(t, kind.Status(), b.Status)
	assert.NotEmpty(t, b.Title)
	assert.NotEmpty(t, b.RequestID)
	assert.Equal(t, w.Header().Get("X-Request-ID"), b.RequestID)
	return b
}

func (e *env) assignment(key string, extra map[string]any) string {
	e.t.Helper()
	body := map[string]any{"title": "Stalin's rise", "question": "Why did Stalin become leader of the USSR by 1929?",
		"class": "13X", "due": "2026-12-01"}
	for k, v := range extra {
		body[k] = v
	}
	return e.ok("POST", "/v1/assignments", key, body, 201)["id"].(string)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
