package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

var codeRE = regexp.MustCompile(`<code>([A-Z0-9-]+)</code>`)

// TestRefreshAfterPostChangesNothing: every form that changes something
// answers with a redirect (post/redirect/get), so a refresh reloads a page
// instead of sending the form again; and a form that is sent again anyway
// (Back and resend, a double click) makes nothing twice.
func TestRefreshAfterPostChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.assignment(maryQuestion, false)
	tutor := e.client()
	tutor.loginTutor()
	student := e.client()
	student.loginStudent()
	essay := fixture(t, "mary-spelling.txt")
	var reviewed string // the submission the review form is about

	count := func(t *testing.T) map[string]int {
		as, err := e.store.ListAssignments(ctx, e.org.ID, "")
		require.NoError(t, err)
		us, err := e.store.ListUsers(ctx, e.org.ID, store.RoleStudent)
		require.NoError(t, err)
		subs, err := e.store.ListSubmissions(ctx, e.org.ID, store.SubmissionFilter{})
		require.NoError(t, err)
		rows, err := e.store.ListMarkbook(ctx, e.org.ID, store.MarkbookFilter{ReviewedOnly: true})
		require.NoError(t, err)
		return map[string]int{"assignments": len(as), "students": len(us), "drafts": len(subs), "reviews": len(rows)}
	}
	with := func(base url.Values, kv ...string) url.Values {
		for i := 0; i < len(kv); i += 2 {
			base.Set(kv[i], kv[i+1])
		}
		return base
	}
	for _, tc := range []struct {
		name   string
		c      *client
		path   func() string
		form   func(c *client) url.Values
		grows  string // what the first send adds, "" for nothing stored
		resend bool   // send the same form again (a sign-in or sign-out again is a new one)
	}{
		{"Login", e.client(), func() string { return "/login" }, func(c *client) url.Values {
			return url.Values{"csrf": {c.token("/login")}, "login": {e.tutorLog}, "password": {tutorPassword}}
		}, "", false},
		{"StudentCode", e.client(), func() string { return "/login/code" }, func(c *client) url.Values {
			return url.Values{"csrf": {c.token("/login")}, "code": {e.code}}
		}, "", false},
		{"Draft", student, func() string { return "/a/" + a.ID }, func(*client) url.Values {
			return url.Values{"csrf": {student.token("/a/" + a.ID)}, "text": {essay}}
		}, "drafts", true},
		{"Assignment", tutor, func() string { return "/tutor/assignments" }, func(*client) url.Values {
			return with(tutor.form("/tutor"), "question", "Was Mary I a failure?", "rubric", "aqa-a-level-essay-25")
		}, "assignments", true},
		{"Student", tutor, func() string { return "/tutor/students" }, func(*client) url.Values {
			return with(tutor.form("/tutor"), "name", "Priya Patel")
		}, "students", true},
		{"Review", tutor, func() string { return "/tutor/review/" + reviewed }, func(*client) url.Values {
			return url.Values{"csrf": {tutor.token("/tutor")}, "action": {"override"}, "level": {"3"}, "mark": {"12"}, "comment": {"Needs more evidence."}}
		}, "reviews", true},
		{"Logout", tutor, func() string { return "/logout" }, func(*client) url.Values {
			return url.Values{"csrf": {tutor.token("/tutor")}}
		}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "Review" {
				subs, err := e.store.ListSubmissions(ctx, e.org.ID, store.SubmissionFilter{})
				require.NoError(t, err)
				require.NotEmpty(t, subs)
				reviewed = subs[0].ID
			}
			form := tc.form(tc.c)
			before := count(t)
			resp, body := tc.c.post(tc.path(), form)
			require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
			next := resp.Header.Get("Location")
			require.NotEmpty(t, next)
			after := count(t)
			want := before
			if tc.grows != "" {
				want = map[string]int{}
				for k, v := range before {
					want[k] = v
				}
				want[tc.grows]++
			}
			assert.Equal(t, want, after, "the first send")

			// A refresh reloads the page the form redirected to.
			for range 2 {
				code, _ := tc.c.get(next)
				assert.Equal(t, http.StatusOK, code, next)
			}
			assert.Equal(t, after, count(t), "refreshing changes nothing")

			if tc.resend {
				resp, body = tc.c.post(tc.path(), form)
				require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
				assert.Equal(t, after, count(t), "the same form sent again makes nothing twice")
				if tc.name != "Review" { // a review moves on to the next essay, either time
					assert.Equal(t, next, resp.Header.Get("Location"), "and shows what the first send made")
				}
			}
		})
	}

	// The new student's access code is shown once: after the redirect, not
	// on a refresh.
	tutor.loginTutor() // again, after the Logout case
	form := with(tutor.form("/tutor"), "name", "Ola Nowak")
	resp, _ := tutor.post("/tutor/students", form)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, first := tutor.get(resp.Header.Get("Location"))
	m := codeRE.FindStringSubmatch(first)
	require.NotNil(t, m, "the code is shown after the redirect")
	_, again := tutor.get(resp.Header.Get("Location"))
	assert.NotContains(t, again, m[1], "and not on a refresh")
	assert.Contains(t, again, "Ola Nowak has been added")
	p := e.client()
	resp, _ = p.post("/login/code", url.Values{"csrf": {p.token("/login")}, "code": {m[1]}})
	assert.Equal(t, "/me", resp.Header.Get("Location"), "the code shown works")

	// The one-time token is required: a form without it is refused, with
	// nothing made.
	before := count(t)
	resp, body := tutor.post("/tutor/students", url.Values{"csrf": {tutor.token("/tutor")}, "name": {"No Token"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "out of date")
	assert.Equal(t, before, count(t))
}

// TestPracticeResendIsHarmless: the practice form stores nothing (an essay
// practised is not kept), so it answers with the feedback at once rather
// than a redirect; sending it again marks it again and still stores
// nothing.
func TestPracticeResendIsHarmless(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	form := url.Values{"csrf": {c.token("/practice")}, "text": {fixture(t, "mary-spelling.txt")}}
	for range 2 {
		resp, body := c.post("/practice", form)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Contains(t, body, "religous</mark>")
	}
	subs, err := e.store.ListSubmissions(context.Background(), e.org.ID, store.SubmissionFilter{})
	require.NoError(t, err)
	assert.Empty(t, subs)
}
