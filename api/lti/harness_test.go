package lti_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/api/store/storetest"
)

const envDatabaseURL = "CLIO_TEST_DATABASE_URL"

// backends lists the databases the tests run on: SQLite always, and
// PostgreSQL when CLIO_TEST_DATABASE_URL is set.
func backends() []string {
	if os.Getenv(envDatabaseURL) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// openStore opens a fresh, migrated store: SQLite in a temporary directory,
// or a new PostgreSQL schema dropped when the test ends.
func openStore(t *testing.T, backend string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	switch backend {
	case "sqlite":
		st, err = sqlite.Open(ctx, t.TempDir())
	case "postgres":
		st, err = postgres.Open(ctx, storetest.PostgresURL(t))
	default:
		t.Fatalf("unknown backend %q", backend)
	}
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// fakeClio stands in for the server's store.
type fakeClio struct {
	mu          sync.Mutex
	users       map[string]string // platform+sub -> id
	roles       map[string]lti.Role
	assignments []lti.Assignment
	byLink      map[string]string // resource link -> assignment id
	created     int
}

func newFakeClio() *fakeClio {
	return &fakeClio{users: map[string]string{}, roles: map[string]lti.Role{}, byLink: map[string]string{},
		assignments: []lti.Assignment{{ID: "asg_existing", Title: "Why did Stalin win the power struggle?", MaxMark: 25}}}
}

func (f *fakeClio) FindOrCreateUser(_ context.Context, u lti.LMSUser) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := u.PlatformID + "|" + u.Subject
	id, ok := f.users[key]
	if !ok {
		id = fmt.Sprintf("usr_%d", len(f.users)+1)
		f.users[key] = id
	}
	if u.LinkedID != "" && u.LinkedID != id {
		return "", fmt.Errorf("linked to %s, found %s", u.LinkedID, id)
	}
	f.roles[id] = u.Role
	return id, nil
}

func (f *fakeClio) FindOrCreateAssignment(_ context.Context, a lti.LMSActivity) (lti.Assignment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.byLink[a.ResourceLinkID]; ok && a.ResourceLinkID != "" {
		for _, x := range f.assignments {
			if x.ID == id {
				return x, nil
			}
		}
	}
	f.created++
	x := lti.Assignment{ID: fmt.Sprintf("asg_%d", f.created), Title: a.Title, MaxMark: 25}
	f.assignments = append(f.assignments, x)
	if a.ResourceLinkID != "" {
		f.byLink[a.ResourceLinkID] = x.ID
	}
	return x, nil
}

func (f *fakeClio) ListAssignments(_ context.Context, orgID string) ([]lti.Assignment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if orgID != "org_1" {
		return nil, nil
	}
	return append([]lti.Assignment(nil), f.assignments...), nil
}

func (f *fakeClio) userCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.users)
}

// syncBuffer is a log sink safe for the server's goroutines.
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

// env is Clio's LTI side served over TLS, a test platform registered with
// it and a browser.
type env struct {
	t       *testing.T
	store   store.Store
	svc     *lti.Service
	tool    *httptest.Server
	plat    *testPlatform
	clio    *fakeClio
	logs    *syncBuffer
	browser *http.Client
	admin   http.Handler
	// logMark is where the log stood before the last request.
	logMark int
}

func (e *env) markLog() { e.logMark = len(e.logs.String()) }

func (e *env) logSince() string { return e.logs.String()[e.logMark:] }

const (
	studentURL = "https://clio.test/app/submit"
	tutorURL   = "https://clio.test/app/review"
)

func newEnv(t *testing.T, backend string) *env {
	t.Helper()
	gin.SetMode(gin.TestMode)
	e := &env{t: t, store: openStore(t, backend), plat: newTestPlatform(t), clio: newFakeClio(), logs: &syncBuffer{}}
	var handler http.Handler
	e.tool = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(e.tool.Close)
	svc, err := lti.New(lti.Config{
		BaseURL: e.tool.URL, StudentURL: studentURL, TutorURL: tutorURL,
		OrgOf:          func(c *gin.Context) string { return c.GetHeader("X-Test-Org") },
		Log:            slog.New(slog.NewJSONHandler(e.logs, nil)),
		JWKSMinRefetch: -1,
		RetryBase:      time.Millisecond, RetryMax: 4 * time.Millisecond, MaxAttempts: 6,
	}, e.store, e.clio)
	require.NoError(t, err)
	e.svc = svc
	r := gin.New()
	svc.Routes(r)
	svc.AdminRoutes(r.Group("/v1/lti"))
	handler = r
	e.admin = r
	e.plat.mu.Lock()
	e.plat.toolJWKS, e.plat.toolHTTP = e.tool.URL+"/lti/jwks", e.tool.Client()
	e.plat.mu.Unlock()
	e.browser = e.newBrowser()

	// The organisation's admin registers the platform.
	rec := e.adminDo(http.MethodPost, "/v1/lti/platforms", "org_1", e.plat.registration())
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	return e
}

func (e *env) newBrowser() *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	c := e.tool.Client()
	return &http.Client{Transport: c.Transport, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func (e *env) adminDo(method, path, org string, body any) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	if body != nil {
		switch b := body.(type) {
		case string:
			buf.WriteString(b)
		default:
			require.NoError(e.t, json.NewEncoder(&buf).Encode(b))
		}
	}
	req := httptest.NewRequest(method, path, &buf)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Test-Org", org)
	rec := httptest.NewRecorder()
	e.admin.ServeHTTP(rec, req)
	return rec
}

var inputRe = regexp.MustCompile(`name="([^"]+)" value="([^"]*)"`)
var actionRe = regexp.MustCompile(`action="([^"]+)"`)

// formFields reads the hidden inputs and the action of an HTML form.
func formFields(body string) (string, url.Values) {
	v := url.Values{}
	for _, m := range inputRe.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	action := ""
	if m := actionRe.FindStringSubmatch(body); m != nil {
		action = html.UnescapeString(m[1])
	}
	return action, v
}

type launchResult struct {
	Status   int
	Location string
	Body     string
	// Form is what the platform posted to the launch endpoint.
	Form url.Values
}

// loginAndAuth runs the OIDC login as a browser would, up to the form the
// platform returns, and returns that form.
func (e *env) loginAndAuth(browser *http.Client, sub string) (string, url.Values) {
	t := e.t
	q := url.Values{"iss": {e.plat.issuer}, "login_hint": {sub}, "target_link_uri": {e.tool.URL + "/lti/launch"},
		"client_id": {e.plat.clientID}, "lti_deployment_id": {e.plat.deploy}, "lti_message_hint": {"opaque-hint"}}
	resp, err := browser.Get(e.tool.URL + "/lti/login?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, e.plat.url("/auth")), loc)
	resp, err = browser.Get(loc)
	require.NoError(t, err)
	defer resp.Body.Close()
	body := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	return formFields(body)
}

func (e *env) post(browser *http.Client, action string, form url.Values) launchResult {
	e.markLog()
	resp, err := browser.PostForm(action, form)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	return launchResult{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: readAll(e.t, resp), Form: form}
}

// launch performs a whole launch as the user sub with the claims changed
// by mutate.
func (e *env) launch(sub string, mutate func(map[string]any)) launchResult {
	e.plat.setLaunch(mutate)
	action, form := e.loginAndAuth(e.browser, sub)
	return e.post(e.browser, action, form)
}

func readAll(t *testing.T, resp *http.Response) string {
	var b bytes.Buffer
	_, err := b.ReadFrom(resp.Body)
	require.NoError(t, err)
	return b.String()
}

// session exchanges the launch token on a landing URL.
func (e *env) session(location string) (lti.LaunchSession, error) {
	u, err := url.Parse(location)
	require.NoError(e.t, err)
	return e.svc.VerifyLaunchToken(context.Background(), u.Query().Get("launch"))
}

// drain runs the queue until nothing is pending or due soon.
func (e *env) drain() {
	ctx := context.Background()
	for range 200 {
		_, err := e.svc.ProcessQueue(ctx)
		require.NoError(e.t, err)
		pending := false
		scores, err := e.store.ListScores(ctx, "org_1")
		require.NoError(e.t, err)
		for _, s := range scores {
			pending = pending || s.Status == lti.StatusPending
		}
		dl, err := e.store.ListDeliveries(ctx, "org_1", "")
		require.NoError(e.t, err)
		for _, d := range dl {
			pending = pending || d.Status == lti.StatusPending
		}
		if !pending {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatal("the queue did not drain")
}

const (
	roleLearner    = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
	roleInstructor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
)

func asInstructor(c map[string]any) {
	c["https://purl.imsglobal.org/spec/lti/claim/roles"] = []string{roleInstructor}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
