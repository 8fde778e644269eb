package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/web"
)

// withPages mounts the web pages on the API's router as clio serve does:
// the same store and the API's one marking service.
func withPages(t *testing.T, e *env) {
	t.Helper()
	pages, err := web.New(web.Deps{Store: e.st, Marker: e.srv.Marker()})
	require.NoError(t, err)
	engine, ok := e.h.(*gin.Engine)
	require.True(t, ok)
	pages.Register(engine)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formSession is a browser's CSRF cookie and token for the pages' forms.
type formSession struct {
	cookie *http.Cookie
	token  string
}

func (e *env) formSession(t *testing.T) formSession {
	t.Helper()
	w := e.do("GET", "/login", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	m := csrfField.FindStringSubmatch(w.Body.String())
	require.NotNil(t, m)
	for _, c := range w.Result().Cookies() {
		if c.Name == "clio_csrf" {
			return formSession{cookie: c, token: m[1]}
		}
	}
	t.Fatal("no CSRF cookie")
	return formSession{}
}

// postForm posts a form to the pages from the connection address remote,
// with extra headers.
func (e *env) postForm(fs formSession, path, remote string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	form.Set("csrf", fs.token)
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(fs.cookie)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

func metricValue(t *testing.T, e *env, name string) string {
	t.Helper()
	w := e.do("GET", "/metrics", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindStringSubmatch(w.Body.String())
	require.NotNil(t, m, name)
	return m[1]
}

// TestPagesAndAPIShareTheMarkingLimit: an essay from the web pages and one
// from the API take slots from the same --mark-slots, count in the same
// gauge, and are shed alike when the other holds the only slot.
func TestPagesAndAPIShareTheMarkingLimit(t *testing.T) {
	held, release := make(chan struct{}, 4), make(chan struct{})
	e := newEnv(t, func(c *api.Config) {
		c.MarkSlots, c.MarkWait = 1, 20*time.Millisecond
		c.HoldMarking = func(ctx context.Context) error {
			held <- struct{}{}
			select {
			case <-release:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	})
	withPages(t, e)
	fs := e.formSession(t)
	practice := url.Values{"text": {essayDraft1}}

	// The API's essay holds the slot: the page's essay is shed.
	done := make(chan int, 1)
	go func() { done <- e.do("POST", "/v1/feedback", e.pupil, map[string]any{"text": essayDraft1}).Code }()
	<-held
	assert.Equal(t, "1", metricValue(t, e, "clio_marking_in_progress"))
	w := e.postForm(fs, "/practice", "192.0.2.1:1234", practice)
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, "the page waited --mark-wait for the API's slot")
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "try again in a few seconds")
	assert.Equal(t, "1", metricValue(t, e, "clio_marking_shed_total"))
	release <- struct{}{}
	assert.Equal(t, http.StatusOK, <-done)

	// The page's essay holds the slot: it is counted, and the API's is shed.
	pageDone := make(chan int, 1)
	go func() { pageDone <- e.postForm(fs, "/practice", "192.0.2.1:1234", practice).Code }()
	<-held
	assert.Equal(t, "1", metricValue(t, e, "clio_marking_in_progress"), "an essay from the pages is in the gauge")
	wantProblem(t, e.do("POST", "/v1/feedback", e.pupil, map[string]any{"text": essayDraft1}), problem.Unavailable)
	assert.Equal(t, "2", metricValue(t, e, "clio_marking_shed_total"))
	release <- struct{}{}
	assert.Equal(t, http.StatusOK, <-pageDone)
	assert.Equal(t, "0", metricValue(t, e, "clio_marking_in_progress"))
	assert.Equal(t, "2", metricValue(t, e, "clio_essays_marked_total"), "essays from both are counted")
}

// TestPagesTrustNoProxyByDefault: the sign-in limit per address uses the
// connection's address; an X-Forwarded-For the client made up is believed
// only from a proxy the server was told to trust.
func TestPagesTrustNoProxyByDefault(t *testing.T) {
	spray := func(t *testing.T, e *env) int {
		fs := e.formSession(t)
		code := 0
		for i := range 51 {
			w := e.postForm(fs, "/login/code", "192.0.2.1:1234", url.Values{"code": {"AAAA-BBBB-CCCC"}},
				"X-Forwarded-For", fmt.Sprintf("10.0.0.%d", i))
			code = w.Code
		}
		return code
	}
	t.Run("Default", func(t *testing.T) {
		e := newEnv(t)
		withPages(t, e)
		assert.Equal(t, http.StatusTooManyRequests, spray(t, e), "51 wrong codes from one connection are refused, whatever they claim")
	})
	t.Run("TrustedProxy", func(t *testing.T) {
		e := newEnv(t, func(c *api.Config) { c.TrustedProxies = []string{"192.0.2.1"} })
		withPages(t, e)
		assert.Equal(t, http.StatusUnauthorized, spray(t, e), "behind a trusted proxy each client has its own allowance")
	})
	t.Run("BadProxyRefused", func(t *testing.T) {
		m, err := sharedMarker()
		require.NoError(t, err)
		_, err = api.New(api.Config{Store: newEnv(t).st, Marker: m, TrustedProxies: []string{"not an address"}})
		assert.Error(t, err)
	})
}
