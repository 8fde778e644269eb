package api_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/storetest"
)

// TestExportAndEraseAStudent answers a subject access request and then an
// erasure request through the API, on SQLite and, when
// CLIO_TEST_DATABASE_URL is set, PostgreSQL. (That no table keeps a row of
// the student is checked table by table in api/store/storetest.)
func TestExportAndEraseAStudent(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { exportAndErase(t, newEnv(t)) })
	t.Run("PostgreSQL", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), storetest.PostgresURL(t))
		require.NoError(t, err)
		exportAndErase(t, newEnvOn(t, st))
	})
}

func exportAndErase(t *testing.T, e *env) {
	asg := e.assignment(e.tutor, nil)
	pupil := e.ids["pupil"]
	first := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)
	second := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft2}, 201)
	e.ok("PUT", "/v1/submissions/"+second["id"].(string)+"/review", e.tutor,
		map[string]any{"decision": "accept", "comment": "Well argued."}, 200)
	other := e.ok("POST", "/v1/submissions", e.pupil2, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)

	t.Run("OnlyAdmins", func(t *testing.T) {
		for _, key := range []string{e.tutor, e.pupil, e.integ} {
			wantProblem(t, e.do("GET", "/v1/users/"+pupil+"/export", key, nil), problem.Forbidden)
			wantProblem(t, e.do("GET", "/v1/users/"+pupil+"/essays", key, nil), problem.Forbidden)
			wantProblem(t, e.do("DELETE", "/v1/users/"+pupil, key, nil), problem.Forbidden)
		}
	})
	t.Run("OnlyStudents", func(t *testing.T) {
		wantProblem(t, e.do("GET", "/v1/users/"+e.ids["tutor"]+"/export", e.admin, nil), problem.NotFound)
		wantProblem(t, e.do("DELETE", "/v1/users/"+e.ids["tutor"], e.admin, nil), problem.NotFound)
		wantProblem(t, e.do("DELETE", "/v1/users/usr_nobody", e.admin, nil), problem.NotFound)
	})

	t.Run("Export", func(t *testing.T) {
		x := e.ok("GET", "/v1/users/"+pupil+"/export", e.admin, nil, 200)
		assert.Equal(t, pupil, x["user"].(map[string]any)["id"])
		subs := x["submissions"].([]any)
		require.Len(t, subs, 2)
		for i, want := range []string{essayDraft1, essayDraft2} {
			s := subs[i].(map[string]any)
			assert.Equal(t, want, s["text"], "the export carries each essay")
			assert.EqualValues(t, i+1, s["draft"])
			assert.NotEmpty(t, s["report"].(map[string]any)["feedback"], "and its report")
		}
		assert.Nil(t, subs[0].(map[string]any)["review"])
		assert.Equal(t, "Well argued.", subs[1].(map[string]any)["review"].(map[string]any)["comment"])
		assert.Len(t, x["api_keys"], 1)

		w := e.do("GET", "/v1/users/"+pupil+"/essays", e.admin, nil)
		require.Equal(t, 200, w.Code)
		assert.Contains(t, w.Header().Get("Content-Type"), "text/plain")
		body := w.Body.String()
		assert.Contains(t, body, essayDraft1)
		assert.Contains(t, body, essayDraft2)
		assert.Contains(t, body, first["id"].(string)+": assignment "+asg+", draft 1")
		assert.Less(t, strings.Index(body, essayDraft1), strings.Index(body, essayDraft2), "oldest first")
	})

	t.Run("Erase", func(t *testing.T) {
		got := e.ok("DELETE", "/v1/users/"+pupil, e.admin, nil, 200)
		assert.EqualValues(t, 2, got["submissions"])
		assert.EqualValues(t, 1, got["reviews"])
		assert.EqualValues(t, 1, got["api_keys"])

		wantProblem(t, e.do("GET", "/v1/me", e.pupil, nil), problem.Unauthorized)
		wantProblem(t, e.do("GET", "/v1/submissions/"+first["id"].(string), e.tutor, nil), problem.NotFound)
		wantProblem(t, e.do("GET", "/v1/users/"+pupil, e.admin, nil), problem.NotFound)
		wantProblem(t, e.do("DELETE", "/v1/users/"+pupil, e.admin, nil), problem.NotFound)
		e.ok("GET", "/v1/submissions/"+other["id"].(string), e.tutor, nil, 200)

		rows := e.ok("GET", "/v1/reviews?reviewed=false&assignment="+asg, e.tutor, nil, 200)["reviews"].([]any)
		require.Len(t, rows, 2, "the other student's draft and the trace of the erased work")
		gone := rows[1].(map[string]any)
		assert.Equal(t, true, gone["deleted"])
		assert.Equal(t, "(deleted)", gone["student"])
		assert.EqualValues(t, 2, gone["erased_drafts"])
		assert.Empty(t, gone["student_id"])
		assert.Empty(t, e.ok("GET", "/v1/reviews", e.tutor, nil, 200)["reviews"], "no reviewed work is left")

		w := e.do("GET", "/v1/reviews/export?assignment="+asg, e.tutor, nil)
		require.Equal(t, 200, w.Code)
		recs, err := csv.NewReader(w.Body).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, 3, "header, the other student, the deleted row")
		del := recs[2]
		assert.Equal(t, "(deleted)", del[0])
		assert.Equal(t, "", del[1], "no student id")
		assert.Equal(t, "", del[4], "no submission id")
		assert.Equal(t, "deleted", del[13])
		assert.NotContains(t, strings.Join(del, ","), pupil)
	})
}
