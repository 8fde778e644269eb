package api_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/problem"
)

func TestRolesEnforced(t *testing.T) {
	e := newEnv(t)
	asg := e.assignment(e.tutor, nil)
	sub := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)["id"].(string)
	tests := []struct {
		name         string
		key          string
		method, path string
		body         any
	}{
		{"StudentCreatesUser", e.pupil, "POST", "/v1/users", map[string]any{"name": "x", "role": "admin"}},
		{"TutorCreatesUser", e.tutor, "POST", "/v1/users", map[string]any{"name": "x", "role": "admin"}},
		{"StudentListsUsers", e.pupil, "GET", "/v1/users", nil},
		{"TutorMakesKey", e.tutor, "POST", "/v1/users/" + e.ids["pupil"] + "/keys", map[string]any{}},
		{"TutorListsKeys", e.tutor, "GET", "/v1/keys", nil},
		{"IntegrationRevokesKey", e.integ, "DELETE", "/v1/keys/key_x", nil},
		{"StudentSetsAssignment", e.pupil, "POST", "/v1/assignments", map[string]any{"title": "t", "question": "q"}},
		{"IntegrationSetsAssignment", e.integ, "POST", "/v1/assignments", map[string]any{"title": "t", "question": "q"}},
		{"StudentReviews", e.pupil, "PUT", "/v1/submissions/" + sub + "/review", map[string]any{"decision": "accept"}},
		{"IntegrationReviews", e.integ, "PUT", "/v1/submissions/" + sub + "/review", map[string]any{"decision": "accept"}},
		{"StudentListsReviews", e.pupil, "GET", "/v1/reviews", nil},
		{"StudentExportsMarkbook", e.pupil, "GET", "/v1/reviews/export", nil},
		{"TutorUploadsRubric", e.tutor, "POST", "/v1/rubrics", map[string]any{"id": "x"}},
		{"TutorCreatesOrganisation", e.tutor, "POST", "/v1/organisations", map[string]any{"name": "x"}},
		{"StudentSubmitsForAnother", e.pupil, "POST", "/v1/submissions", map[string]any{"student_id": e.ids["pupil2"], "text": essayDraft1}},
		{"StudentListsAnothersWork", e.pupil, "GET", "/v1/submissions?student=" + e.ids["pupil2"], nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantProblem(t, e.do(tc.method, tc.path, tc.key, tc.body), problem.Forbidden)
		})
	}
}

func TestUsersAndKeys(t *testing.T) {
	e := newEnv(t)
	t.Run("CreateAndRead", func(t *testing.T) {
		u := e.ok("POST", "/v1/users", e.admin, map[string]any{"name": "  Grace Hopper ", "role": "tutor"}, 201)
		assert.Equal(t, "Grace Hopper", u["name"])
		got := e.ok("GET", "/v1/users/"+u["id"].(string), e.tutor, nil, 200)
		assert.Equal(t, u["id"], got["id"])
		list := e.ok("GET", "/v1/users?role=student", e.tutor, nil, 200)["users"].([]any)
		assert.Len(t, list, 2)
	})
	t.Run("BadUsers", func(t *testing.T) {
		for name, body := range map[string]any{
			"NoName":      map[string]any{"role": "tutor"},
			"BadRole":     map[string]any{"name": "x", "role": "headteacher"},
			"NameNewline": map[string]any{"name": "a\nb", "role": "tutor"},
		} {
			t.Run(name, func(t *testing.T) {
				wantProblem(t, e.do("POST", "/v1/users", e.admin, body), problem.Invalid)
			})
		}
		wantProblem(t, e.do("GET", "/v1/users?role=king", e.admin, nil), problem.Invalid)
	})
	t.Run("Organisation", func(t *testing.T) {
		o := e.ok("GET", "/v1/organisation", e.pupil, nil, 200)
		assert.Equal(t, "Operator", o["name"])
		assert.Equal(t, true, o["operator"])
	})
	t.Run("StudentSeesOnlyThemself", func(t *testing.T) {
		e.ok("GET", "/v1/users/"+e.ids["pupil"], e.pupil, nil, 200)
		wantProblem(t, e.do("GET", "/v1/users/"+e.ids["pupil2"], e.pupil, nil), problem.NotFound)
	})
	t.Run("KeyLifecycle", func(t *testing.T) {
		k := e.ok("POST", "/v1/users/"+e.ids["integ"]+"/keys", e.admin, map[string]any{"name": "moodle"}, 201)
		secret := k["key"].(string)
		assert.Regexp(t, `^clio_[A-Za-z0-9_-]{43}$`, secret)
		assert.Equal(t, secret[:12], k["prefix"])
		e.ok("GET", "/v1/me", secret, nil, 200)

		keys := e.ok("GET", "/v1/keys", e.admin, nil, 200)["keys"].([]any)
		for _, kk := range keys {
			assert.NotContains(t, kk.(map[string]any), "key", "listing never shows secrets")
		}
		e.ok("DELETE", "/v1/keys/"+k["id"].(string), e.admin, nil, 204)
		wantProblem(t, e.do("GET", "/v1/me", secret, nil), problem.Unauthorized)
		wantProblem(t, e.do("DELETE", "/v1/keys/key_nothing", e.admin, nil), problem.NotFound)
		wantProblem(t, e.do("POST", "/v1/users/usr_nothing/keys", e.admin, map[string]any{}), problem.NotFound)
	})
	t.Run("SecretStoredOnlyAsHash", func(t *testing.T) {
		keys := e.ok("GET", "/v1/keys", e.admin, nil, 200)["keys"].([]any)
		require.NotEmpty(t, keys)
		for _, kk := range keys {
			assert.Len(t, kk.(map[string]any)["prefix"], 12)
		}
	})
}

// TestOrganisationsIsolated: a second organisation created by the operator
// sees none of the first one's data, and the first sees none of its.
func TestOrganisationsIsolated(t *testing.T) {
	e := newEnv(t)
	asgA := e.assignment(e.tutor, nil)
	subA := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asgA, "text": essayDraft1}, 201)["id"].(string)

	created := e.ok("POST", "/v1/organisations", e.admin, map[string]any{"name": "Southgate School", "admin_name": "Sam Head"}, 201)
	adminB := created["key"].(map[string]any)["key"].(string)
	assert.Equal(t, false, created["organisation"].(map[string]any)["operator"])
	tutorBID, tutorB := e.newUser(adminB, "tutorB", "tutor")
	_, pupilB := e.newUser(adminB, "pupilB", "student")
	asgB := e.assignment(tutorB, nil)
	subB := e.ok("POST", "/v1/submissions", pupilB, map[string]any{"assignment_id": asgB, "text": essayDraft1}, 201)["id"].(string)

	t.Run("NonOperatorCannotCreateOrganisations", func(t *testing.T) {
		wantProblem(t, e.do("POST", "/v1/organisations", adminB, map[string]any{"name": "Rogue"}), problem.Forbidden)
	})
	denied := []struct {
		name, key, method, path string
		body                    any
	}{
		{"ReadOtherAssignment", tutorB, "GET", "/v1/assignments/" + asgA, nil},
		{"ReadOtherSubmission", tutorB, "GET", "/v1/submissions/" + subA, nil},
		{"ReadOtherRevisions", tutorB, "GET", "/v1/submissions/" + subA + "/revisions", nil},
		{"ReviewOtherSubmission", tutorB, "PUT", "/v1/submissions/" + subA + "/review", map[string]any{"decision": "accept"}},
		{"ReadOtherUser", adminB, "GET", "/v1/users/" + e.ids["pupil"], nil},
		{"KeyForOtherUser", adminB, "POST", "/v1/users/" + e.ids["pupil"] + "/keys", map[string]any{}},
		{"SubmitToOtherAssignment", pupilB, "POST", "/v1/submissions", map[string]any{"assignment_id": asgA, "text": essayDraft1}},
		{"SubmitForOtherStudent", tutorB, "POST", "/v1/submissions", map[string]any{"student_id": e.ids["pupil"], "text": essayDraft1}},
		{"ReadBackTheOtherWay", e.tutor, "GET", "/v1/submissions/" + subB, nil},
		{"ReadOtherTutor", e.admin, "GET", "/v1/users/" + tutorBID, nil},
	}
	for _, tc := range denied {
		t.Run(tc.name, func(t *testing.T) {
			wantProblem(t, e.do(tc.method, tc.path, tc.key, tc.body), problem.NotFound)
		})
	}
	t.Run("ListsShowOnlyOwnData", func(t *testing.T) {
		for _, tc := range []struct {
			key, path, list, want string
		}{
			{tutorB, "/v1/assignments", "assignments", asgB},
			{tutorB, "/v1/submissions", "submissions", subB},
			{e.tutor, "/v1/assignments", "assignments", asgA},
			{e.tutor, "/v1/submissions", "submissions", subA},
		} {
			items := e.ok("GET", tc.path, tc.key, nil, 200)[tc.list].([]any)
			require.Len(t, items, 1)
			assert.Equal(t, tc.want, items[0].(map[string]any)["id"])
		}
		users := e.ok("GET", "/v1/users", adminB, nil, 200)["users"].([]any)
		assert.Len(t, users, 3, "admin, tutor and student of B only")
	})
	t.Run("RevokeOtherOrgsKeyDenied", func(t *testing.T) {
		keys := e.ok("GET", "/v1/keys", e.admin, nil, 200)["keys"].([]any)
		wantProblem(t, e.do("DELETE", "/v1/keys/"+keys[0].(map[string]any)["id"].(string), adminB, nil), problem.NotFound)
		e.ok("GET", "/v1/me", e.admin, nil, 200)
	})
}
