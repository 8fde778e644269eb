package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/store"
)

// These tests drive the pages over HTTP without a browser: the security
// rules, which need no rendering to check.

func TestPracticeMarksWithoutStoring(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	resp, body := c.post("/practice", url.Values{"csrf": {c.token("/practice")}, "text": {fixture(t, "mary-spelling.txt")},
		"question": {"How successful was Mary I in dealing with the problems she faced in the years 1553–58?"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `class="hl hl-spelling"`)
	assert.Contains(t, body, "religous</mark>")
	assert.Contains(t, body, "Even better if")
	subs, err := e.store.ListSubmissions(context.Background(), e.org.ID, store.SubmissionFilter{})
	require.NoError(t, err)
	assert.Empty(t, subs)
}

// TestWrongDateLinksToItsSource: a date Clio calls wrong carries a link to
// the page where the right date was checked.
func TestWrongDateLinksToItsSource(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	essay := "Mary became queen after the death of her brother. Mary was crowned in October 1553, and Lady Jane Grey was executed in 1556. " +
		"Her reign saw the burning of Protestants and the loss of Calais."
	resp, body := c.post("/practice", url.Values{"csrf": {c.token("/practice")}, "text": {essay},
		"question": {"How successful was Mary I in dealing with the problems she faced in the years 1553–58?"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `class="hl hl-date"`)
	assert.Contains(t, body, `<a class="source" href="https://en.wikipedia.org/wiki/Lady_Jane_Grey" target="_blank" rel="noopener noreferrer">Source</a>`)
}

func TestBadEssaysGetAClearMessage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	tok := c.token("/practice")
	for _, tc := range []struct{ name, text, want string }{
		{"ErrEmpty", "   \n ", "Paste or type your essay first."},
		{"ErrHuge", strings.Repeat("word ", 30000), "too long"},
		{"ErrBadUTF8", "Mary \xff\xfe was queen.", "characters Clio cannot read"},
		{"ErrNul", "Mary\x00 was queen.", "characters Clio cannot read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := c.post("/practice", url.Values{"csrf": {tok}, "text": {tc.text}})
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Contains(t, body, tc.want)
		})
	}
	t.Run("ErrFormTooLarge", func(t *testing.T) {
		resp, body := c.post("/practice", url.Values{"csrf": {tok}, "text": {strings.Repeat("word ", 300000)}})
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		assert.Contains(t, body, "far more text than an essay")
	})
}

func TestCSRFIsRequiredOnEveryForm(t *testing.T) {
	e := newEnv(t)
	tutor := e.client()
	tutor.loginTutor()
	a := e.assignment("Why did Mary I marry Philip of Spain?", false)
	student := e.client()
	student.loginStudent()
	for _, tc := range []struct {
		name string
		c    *client
		path string
		form url.Values
	}{
		{"Practice", e.client(), "/practice", url.Values{"text": {"Mary was queen."}}},
		{"Login", e.client(), "/login", url.Values{"login": {e.tutorLog}, "password": {tutorPassword}}},
		{"StudentCode", e.client(), "/login/code", url.Values{"code": {e.code}}},
		{"Draft", student, "/a/" + a.ID, url.Values{"text": {"Mary was queen."}}},
		{"Assignment", tutor, "/tutor/assignments", url.Values{"question": {"Was Mary I a failure?"}, "rubric": {"aqa-a-level-essay-25"}}},
		{"Student", tutor, "/tutor/students", url.Values{"name": {"Eve"}}},
		{"Logout", tutor, "/logout", url.Values{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := tc.c.post(tc.path, tc.form)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode)
			assert.Contains(t, body, "did not come from Clio")
			wrong := url.Values{}
			for k, v := range tc.form {
				wrong[k] = v
			}
			wrong.Set("csrf", "not-the-token-of-this-session-at-all-000")
			resp, _ = tc.c.post(tc.path, wrong)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a wrong token is refused too")
		})
	}
	// The tutor is still signed in: the CSRF-less logout did nothing.
	code, _ := tutor.get("/tutor")
	assert.Equal(t, http.StatusOK, code)
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	tok := c.token("/practice")
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/practice",
		strings.NewReader(url.Values{"csrf": {tok}, "text": {"Mary was queen."}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

func TestCrossAccountAccessIsRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.assignment("How successful was Mary I in dealing with the problems she faced in the years 1553–58?", false)
	sam := e.client()
	sam.loginStudent()
	resp, _ := sam.post("/a/"+a.ID, url.Values{"csrf": {sam.token("/a/" + a.ID)}, "text": {fixture(t, "mary-spelling.txt")}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	samSub := strings.TrimPrefix(resp.Header.Get("Location"), "/s/")

	// Another student of the same organisation.
	_, code2, err := AddStudent(ctx, e.store, e.org.ID, "Other Student")
	require.NoError(t, err)
	other := e.client()
	resp, _ = other.post("/login/code", url.Values{"csrf": {other.token("/login")}, "code": {strings.ToLower(code2)}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "codes are accepted in lower case")

	// A tutor of another organisation.
	org2 := store.Org{ID: store.NewID("org"), Name: "Elsewhere", Created: store.Now()}
	require.NoError(t, e.store.CreateOrg(ctx, org2))
	_, err = addTutor(ctx, e.store, org2.ID, "Mr Away", "away@example.org", tutorPassword, bcrypt.MinCost)
	require.NoError(t, err)
	away := e.client()
	resp, _ = away.post("/login", url.Values{"csrf": {away.token("/login")}, "login": {"away@example.org"}, "password": {tutorPassword}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	for _, tc := range []struct {
		name string
		c    *client
		path string
		want int
	}{
		{"OtherStudentSeesSubmission", other, "/s/" + samSub, http.StatusNotFound},
		{"StudentOpensTutorPages", sam, "/tutor/queue", http.StatusForbidden},
		{"StudentOpensReview", sam, "/tutor/review/" + samSub, http.StatusForbidden},
		{"StudentExportsCSV", sam, "/tutor/class.csv", http.StatusForbidden},
		{"OtherOrgTutorSeesSubmission", away, "/s/" + samSub, http.StatusNotFound},
		{"OtherOrgTutorReviews", away, "/tutor/review/" + samSub, http.StatusNotFound},
		{"OtherOrgTutorOpensAssignment", away, "/a/" + a.ID, http.StatusNotFound},
		{"AnonymousIsSentToLogin", e.client(), "/tutor/queue", http.StatusSeeOther},
		{"OwnSubmission", sam, "/s/" + samSub, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _ := tc.c.get(tc.path)
			assert.Equal(t, tc.want, code)
		})
	}
	t.Run("OtherOrgTutorCannotOverride", func(t *testing.T) {
		resp, _ := away.post("/tutor/review/"+samSub, url.Values{"csrf": {away.token("/tutor")}, "action": {"override"}, "level": {"5"}, "mark": {"25"}})
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
		_, err := e.store.GetReview(ctx, e.org.ID, samSub)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
	t.Run("OtherOrgQueueIsEmpty", func(t *testing.T) {
		_, body := away.get("/tutor/queue")
		assert.Contains(t, body, "Nothing is waiting for review.")
		assert.NotContains(t, body, "Sam Student")
	})
}

func TestLoginFailures(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, path string
		form       url.Values
	}{
		{"WrongPassword", "/login", url.Values{"login": {e.tutorLog}, "password": {"not the password"}}},
		{"UnknownLogin", "/login", url.Values{"login": {"nobody@example.org"}, "password": {tutorPassword}}},
		{"WrongCode", "/login/code", url.Values{"code": {"AAAA-BBBB-CCCC"}}},
		{"EmptyCode", "/login/code", url.Values{"code": {""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := e.client()
			tc.form.Set("csrf", c.token("/login"))
			resp, _ := c.post(tc.path, tc.form)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.Empty(t, resp.Header.Values("Location"))
		})
	}
	t.Run("SessionCookieFlags", func(t *testing.T) {
		c := e.client()
		resp, _ := c.post("/login", url.Values{"csrf": {c.token("/login")}, "login": {e.tutorLog}, "password": {tutorPassword}})
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		var found bool
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				found = true
				assert.True(t, ck.HttpOnly)
				assert.Equal(t, http.SameSiteLaxMode, ck.SameSite)
			}
		}
		assert.True(t, found)
	})
	t.Run("NextStaysOnSite", func(t *testing.T) {
		c := e.client()
		resp, _ := c.post("/login", url.Values{"csrf": {c.token("/login")}, "login": {e.tutorLog}, "password": {tutorPassword},
			"next": {"//evil.example/"}})
		assert.Equal(t, "/tutor", resp.Header.Get("Location"))
	})
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.loginTutor()
	tok := c.token("/tutor")
	resp, _ := c.post("/logout", url.Values{"csrf": {tok}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	code, _ := c.get("/tutor")
	assert.Equal(t, http.StatusSeeOther, code)
}

func TestSecureCookiesWhenConfigured(t *testing.T) {
	e := newEnv(t)
	h, err := New(Deps{Store: e.store, Marker: newMarker(t, marker.Config{}), Secure: true})
	require.NoError(t, err)
	r := gin.New()
	h.Register(r)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/login", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	cookies := rec.Result().Cookies()
	require.NotEmpty(t, cookies)
	for _, ck := range cookies {
		assert.True(t, ck.Secure, ck.Name)
		assert.True(t, ck.HttpOnly, ck.Name)
		assert.Equal(t, http.SameSiteLaxMode, ck.SameSite, ck.Name)
	}
	assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "script-src 'self'")
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
}

func TestRepeatedFailedSignInsAreThrottled(t *testing.T) {
	e := newEnv(t)
	var clock atomic.Int64 // seconds past 09:00
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(clock.Load()) * time.Second) }
	h, err := New(Deps{Store: e.store, Marker: newMarker(t, marker.Config{}), Now: now})
	require.NoError(t, err)
	r := gin.New()
	h.Register(r)
	srv := httptest.NewServer(r)
	defer srv.Close()
	e2 := *e
	e2.srv = srv
	for _, tc := range []struct {
		name, path   string
		limit        int
		wrong, right url.Values
	}{
		{"Password", "/login", maxLoginFailures, url.Values{"login": {e.tutorLog}, "password": {"wrong password"}},
			url.Values{"login": {e.tutorLog}, "password": {tutorPassword}}},
		{"Code", "/login/code", maxCodeFailures, url.Values{"code": {"AAAA-AAAA-AAAA"}}, url.Values{"code": {e.code}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := e2.client()
			tok := c.token("/login")
			tc.wrong.Set("csrf", tok)
			tc.right.Set("csrf", tok)
			for range tc.limit {
				resp, _ := c.post(tc.path, tc.wrong)
				require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			}
			resp, body := c.post(tc.path, tc.right)
			assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "even the right secret waits")
			assert.Contains(t, body, "Wait 15 minutes")
			clock.Add(int64(signInWindow / time.Second))
			resp, _ = c.post(tc.path, tc.right)
			assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "after the window it works again")
		})
	}
}

// TestDoubleSpaceSaysOneSpace: a double space's suggestion is a space,
// which printed as itself read "Try: ." on the page and in the tooltip.
func TestDoubleSpaceSaysOneSpace(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	essay := "Mary became queen in 1553. She married  Philip of Spain in 1554, which was unpopular.\n\n" +
		"Wyatt's rebellion in 1554 showed the opposition to the marriage, but it failed."
	resp, body := c.post("/practice", url.Values{"csrf": {c.token("/practice")}, "text": {essay}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, strings.Contains(body, "extra spaces"), "the double space is found")
	assert.False(t, strings.Contains(body, "Try: ."), "no empty suggestion")
	assert.True(t, strings.Contains(body, "<em>Try: one space.</em>"), "in the notes")
	assert.True(t, strings.Contains(body, "Try: one space.\""), "in the tooltip")
}
