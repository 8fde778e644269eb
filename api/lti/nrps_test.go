package lti_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

const claimNRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

func withRoster(e *env) func(map[string]any) {
	return func(c map[string]any) {
		c[claimNRPS] = map[string]any{"context_memberships_url": e.plat.url("/course/7/memberships"), "service_versions": []string{"2.0"}}
	}
}

func platformID(t *testing.T, e *env) string {
	t.Helper()
	rec := e.adminDo(http.MethodGet, "/v1/lti/platforms", "org_1", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	var out struct{ Platforms []lti.Platform }
	require.NoError(t, jsonUnmarshal(rec.Body.String(), &out))
	require.Len(t, out.Platforms, 1)
	return out.Platforms[0].ID
}

// TestRoster: a launch from a course tells Clio where its roster is; the
// admin's roster read follows the pages, makes a student for each active
// learner, matches the one who launched, skips staff and inactive members,
// and makes nobody twice.
func TestRoster(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			e := newEnv(t, backend)
			learner := "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
			e.plat.members = []map[string]any{
				{"user_id": "lms-teacher-1", "roles": []string{roleInstructor}, "name": "Grace Hopper"},
				{"user_id": "lms-student-1", "roles": []string{learner}, "name": "Ada Lovelace", "status": "Active"},
				{"user_id": "lms-student-2", "roles": []string{learner}, "given_name": "Mary", "family_name": "Somerville", "email": "mary@example.org"},
				{"user_id": "lms-student-3", "roles": []string{learner}, "name": "Left Early", "status": "Inactive"},
				{"user_id": "lms-student-4", "roles": []string{"Learner"}, "name": "Emmy Noether"},
			}
			id := platformID(t, e)
			roster := func(org, contextID string) (int, map[string]any) {
				rec := e.adminDo(http.MethodPost, "/v1/lti/platforms/"+id+"/roster", org, map[string]any{"context_id": contextID})
				var out map[string]any
				require.NoError(t, jsonUnmarshal(rec.Body.String(), &out), rec.Body.String())
				return rec.Code, out
			}

			code, out := roster("org_1", "course-7")
			assert.Equal(t, http.StatusNotFound, code, "no launch has named the roster yet: %v", out)
			assert.Equal(t, "context_id", out["field"])

			res := e.launch("lms-student-1", withRoster(e))
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			users := e.clio.userCount()

			code, out = roster("org_1", "course-7")
			require.Equal(t, http.StatusOK, code, "%v", out)
			assert.Equal(t, map[string]any{"context_id": "course-7", "members": 5.0, "created": 2.0, "matched": 1.0, "skipped": 2.0}, out)
			assert.Equal(t, users+2, e.clio.userCount())
			code, out = roster("org_1", "course-7")
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, 0.0, out["created"], "read again, nobody is made twice")
			assert.Equal(t, 3.0, out["matched"])

			code, _ = roster("org_2", "course-7")
			assert.Equal(t, http.StatusNotFound, code, "another organisation's platform")
			code, out = roster("org_1", "")
			assert.Equal(t, http.StatusUnprocessableEntity, code, "%v", out)

			e.plat.mu.Lock()
			e.plat.legacyRoster = true
			e.plat.mu.Unlock()
			code, out = roster("org_1", "course-7")
			assert.Equal(t, http.StatusServiceUnavailable, code)
			assert.Contains(t, out["detail"], "not an NRPS 2.0 membership container")
		})
	}
}

// TestLoginByPost: a platform registered with auth_method "post" gets the
// authorisation request as an auto-submitting form, with every parameter
// in the body, and the launch goes through.
func TestLoginByPost(t *testing.T) {
	e := newEnv(t, "sqlite")
	id := platformID(t, e)
	reg := e.plat.registration()
	reg["auth_method"] = "post"
	rec := e.adminDo(http.MethodPut, "/v1/lti/platforms/"+id, "org_1", reg)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"auth_method":"post"`)

	q := "iss=" + e.plat.issuer + "&login_hint=lms-student-1&target_link_uri=" + e.tool.URL + "/lti/launch&client_id=" + e.plat.clientID + "&lti_message_hint=opaque"
	resp, err := e.browser.Get(e.tool.URL + "/lti/login?" + q)
	require.NoError(t, err)
	body := readAll(t, resp)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "document.forms[0].submit()")
	action, form := formFields(body)
	assert.Equal(t, e.plat.url("/auth"), action)
	for _, name := range []string{"scope", "response_type", "response_mode", "prompt", "client_id", "redirect_uri", "login_hint", "state", "nonce", "lti_message_hint"} {
		assert.NotEmpty(t, form.Get(name), name)
	}
	assert.Equal(t, "opaque", form.Get("lti_message_hint"))

	resp, err = e.browser.PostForm(action, form)
	require.NoError(t, err)
	body = readAll(t, resp)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	launchAction, launchForm := formFields(body)
	res := e.post(e.browser, launchAction, launchForm)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	e.plat.mu.Lock()
	assert.Equal(t, []string{"POST"}, e.plat.authMethods)
	e.plat.mu.Unlock()

	for _, bad := range []string{"redirect", "GET"} {
		reg["auth_method"] = bad
		rec = e.adminDo(http.MethodPut, "/v1/lti/platforms/"+id, "org_1", reg)
		assert.Equal(t, http.StatusUnprocessableEntity, rec.Code, bad)
		assert.Contains(t, rec.Body.String(), "auth_method")
	}
}

// TestGradePassbackDeletedLineItem: the line item the launch named has
// been deleted on the platform; the platform's list shows it gone, so Clio
// makes a new one and the score lands there. An outage (503) with the
// line item still listed makes no second column: the score is retried.
func TestGradePassbackDeletedLineItem(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	deleted := e.plat.url("/course/7/lineitems/99?type_id=3")
	res := e.launch("lms-student-1", func(c map[string]any) {
		c["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = map[string]any{
			"scope":     []string{"https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score"},
			"lineitems": e.plat.url("/course/7/lineitems?type_id=3"),
			"lineitem":  deleted,
		}
	})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	s, err := e.session(res.Location)
	require.NoError(t, err)
	require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_1",
		StudentID: s.UserID, AssignmentID: s.AssignmentID, MaxMark: 25, Created: time.Now()}))
	e.drain()
	posts := e.plat.allPosts()
	require.Len(t, posts, 2)
	assert.Equal(t, deleted, posts[0].LineItem)
	assert.Equal(t, http.StatusNotFound, posts[0].Status)
	assert.Equal(t, http.StatusOK, posts[1].Status)
	assert.NotEqual(t, deleted, posts[1].LineItem, "posted to a new line item")
	e.plat.mu.Lock()
	require.Len(t, e.plat.lineItems, 1)
	for id, li := range e.plat.lineItems {
		assert.Equal(t, posts[1].LineItem, id)
		assert.Equal(t, 25.0, li.ScoreMaximum)
	}
	e.plat.failPosts = 1
	e.plat.mu.Unlock()

	require.NoError(t, e.svc.ReviewCompleted(ctx, lti.ReviewEvent{OrgID: "org_1", SubmissionID: "sub_1", StudentID: s.UserID,
		AssignmentID: s.AssignmentID, FinalLevel: 4, FinalMark: 18, MaxMark: 25, Created: time.Now()}))
	e.drain()
	posts = e.plat.allPosts()
	require.Len(t, posts, 4)
	assert.Equal(t, http.StatusServiceUnavailable, posts[2].Status)
	assert.Equal(t, http.StatusOK, posts[3].Status)
	assert.Equal(t, posts[1].LineItem, posts[3].LineItem, "retried on the same line item")
	e.plat.mu.Lock()
	assert.Len(t, e.plat.lineItems, 1, "an outage makes no second column")
	e.plat.mu.Unlock()
	assert.True(t, strings.HasSuffix(posts[3].LineItem, "?type_id=3"))
}
