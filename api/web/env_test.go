package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/rubric/marking"

	"github.com/clio-history/clio/fixtures"
)

// The marking service is read-only and shared by every test, as it is by
// every request in a server.
var sharedMarker = sync.OnceValues(func() (*marking.Service, error) {
	return marking.New(standard.Options{Limits: analysis.Limits{MaxBytes: 64 << 10}})
})

// newMarker puts the shared marking service behind a limit of its own, as
// a server's one marking service.
func newMarker(t testing.TB, cfg marker.Config) *marker.Service {
	t.Helper()
	m, err := sharedMarker()
	require.NoError(t, err)
	return marker.New(m, cfg)
}

const tutorPassword = "correct horse battery"

// env is a real server on a loopback port with a temp SQLite database, an
// organisation, a tutor and a student.
type env struct {
	t        *testing.T
	srv      *httptest.Server
	store    store.Store
	h        *Handler
	org      store.Org
	tutor    store.User
	student  store.User
	code     string
	tutorLog string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	return newEnvOn(t, st)
}

// newEnvOn is newEnv over a given store, which it closes.
func newEnvOn(t *testing.T, st store.Store) *env {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { st.Close() })
	h, err := New(Deps{Store: st, Marker: newMarker(t, marker.Config{}), Secure: false})
	require.NoError(t, err)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	h.Register(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: st, h: h}
	e.org = store.Org{ID: store.NewID("org"), Name: "Test College", Created: store.Now()}
	require.NoError(t, st.CreateOrg(ctx, e.org))
	e.tutorLog = "tutor@example.org"
	e.tutor, err = addTutor(ctx, st, e.org.ID, "Ms Tutor", e.tutorLog, tutorPassword, bcrypt.MinCost)
	require.NoError(t, err)
	e.student, e.code, err = AddStudent(ctx, st, e.org.ID, "Sam Student")
	require.NoError(t, err)
	return e
}

// assignment creates an assignment in the env's organisation.
func (e *env) assignment(question string, hide bool) store.Assignment {
	a := store.Assignment{ID: store.NewID("asg"), OrgID: e.org.ID, Title: "Mary I essay", Question: question,
		Rubric: "aqa-a-level-essay-25", CreatedBy: e.tutor.ID, Created: store.Now()}
	require.NoError(e.t, e.store.CreateAssignment(context.Background(), a))
	require.NoError(e.t, e.store.PutAssignmentOptions(context.Background(), store.AssignmentOptions{OrgID: e.org.ID, AssignmentID: a.ID, HideMarks: hide}))
	return a
}

// client is a browser-like HTTP client with its own cookies that does not
// follow redirects.
type client struct {
	t *testing.T
	e *env
	c *http.Client
}

func (e *env) client() *client {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	return &client{t: e.t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get returns the status and body of a page.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.c.Get(c.e.srv.URL + path)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, err = io.Copy(b, resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, b.String()
}

// token reads the CSRF token from a page's forms.
func (c *client) token(path string) string {
	c.t.Helper()
	_, body := c.get(path)
	m := csrfRE.FindStringSubmatch(body)
	require.NotNil(c.t, m, "no CSRF token on %s", path)
	return m[1]
}

var onceRE = regexp.MustCompile(`name="once" value="([^"]+)"`)

// form reads the CSRF and one-time tokens of the forms on a page.
func (c *client) form(path string) url.Values {
	c.t.Helper()
	_, body := c.get(path)
	m, o := csrfRE.FindStringSubmatch(body), onceRE.FindStringSubmatch(body)
	require.NotNil(c.t, m, "no CSRF token on %s", path)
	require.NotNil(c.t, o, "no one-time token on %s", path)
	return url.Values{"csrf": {m[1]}, "once": {o[1]}}
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.c.PostForm(c.e.srv.URL+path, form)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, err = io.Copy(b, resp.Body)
	require.NoError(c.t, err)
	return resp, b.String()
}

func (c *client) loginTutor() {
	c.t.Helper()
	resp, _ := c.post("/login", url.Values{"csrf": {c.token("/login")}, "login": {c.e.tutorLog}, "password": {tutorPassword}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode)
}

func (c *client) loginStudent() {
	c.t.Helper()
	resp, _ := c.post("/login/code", url.Values{"csrf": {c.token("/login")}, "code": {c.e.code}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode)
}

// fixture reads a file under the repository's fixtures directory.
func fixture(t *testing.T, name string) string { return fixtureB(t, name) }

func fixtureB(t testing.TB, name string) string {
	t.Helper()
	dir, err := fixtures.Dir()
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}
