package api_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/problem"
)

const customRubric = `{
  "id": "house-essay-20",
  "name": "House essay scheme (20 marks)",
  "board": "Northfield College",
  "max_mark": 20,
  "levels": [
    {"level": 1, "band": {"min": 0, "max": 5}, "descriptor": "Describes with little explanation."},
    {"level": 2, "band": {"min": 6, "max": 10}, "descriptor": "Explains some causes with limited support."},
    {"level": 3, "band": {"min": 11, "max": 15}, "descriptor": "Explains and supports most points and reaches a view."},
    {"level": 4, "band": {"min": 16, "max": 20}, "descriptor": "Weighs causes and sustains a supported judgement."}
  ],
  "criteria": [
    {"id": "argument", "name": "Argument", "weight": 0.5},
    {"id": "evidence", "name": "Evidence", "weight": 0.5}
  ]
}`

func TestRubrics(t *testing.T) {
	e := newEnv(t)
	list := e.ok("GET", "/v1/rubrics", e.pupil, nil, 200)["rubrics"].([]any)
	require.NotEmpty(t, list)
	ids := map[string]bool{}
	for _, r := range list {
		ids[r.(map[string]any)["id"].(string)] = true
	}
	assert.True(t, ids["aqa-a-level-essay-25"])
	r := e.ok("GET", "/v1/rubrics/aqa-a-level-essay-25", e.pupil, nil, 200)
	assert.EqualValues(t, 25, r["max_mark"])
	assert.NotEmpty(t, r["levels"])
	wantProblem(t, e.do("GET", "/v1/rubrics/no-such", e.pupil, nil), problem.NotFound)

	t.Run("Upload", func(t *testing.T) {
		up := e.ok("POST", "/v1/rubrics", e.admin, customRubric, 201)
		assert.Equal(t, true, up["custom"])
		assert.EqualValues(t, 4, up["max_level"])
		got := e.ok("GET", "/v1/rubrics/house-essay-20", e.tutor, nil, 200)
		assert.Equal(t, "House essay scheme (20 marks)", got["name"])

		// It can be used at once, for assignments and free-standing work.
		asg := e.assignment(e.tutor, map[string]any{"rubric": "house-essay-20"})
		sub := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft2}, 201)
		assert.EqualValues(t, 20, sub["max_mark"])
		assert.Regexp(t, `^house-essay-20@`, sub["versions"].(map[string]any)["rubric"])
		fb := e.ok("POST", "/v1/feedback", e.pupil, map[string]any{"text": essayDraft2, "rubric": "house-essay-20"}, 200)
		assert.EqualValues(t, 4, fb["max_level"])
		// Override bands come from the custom rubric: level 4 is 16-20.
		wantProblem(t, e.do("PUT", "/v1/submissions/"+sub["id"].(string)+"/review", e.tutor,
			map[string]any{"decision": "override", "level": 4, "mark": 21, "comment": "c"}), problem.Invalid)
		e.ok("PUT", "/v1/submissions/"+sub["id"].(string)+"/review", e.tutor,
			map[string]any{"decision": "override", "level": 4, "mark": 17, "comment": "Strong."}, 200)
	})
	t.Run("UploadRefused", func(t *testing.T) {
		builtin := strings.Replace(customRubric, "house-essay-20", "aqa-a-level-essay-25", 1)
		badWeights := strings.Replace(strings.Replace(customRubric, "house-essay-20", "house-2", 1), `"weight": 0.5}`, `"weight": 0.4}`, 1)
		gap := strings.Replace(strings.Replace(customRubric, "house-essay-20", "house-3", 1), `"min": 6`, `"min": 7`, 1)
		unknown := strings.Replace(strings.Replace(customRubric, "house-essay-20", "house-4", 1), `"board"`, `"boards"`, 1)
		badID := strings.Replace(customRubric, "house-essay-20", "House Essay!", 1)
		tests := []struct {
			name string
			body string
			kind problem.Kind
		}{
			{"Duplicate", customRubric, problem.Conflict},
			{"BuiltinID", builtin, problem.Conflict},
			{"WeightsNotOne", badWeights, problem.Invalid},
			{"BandGap", gap, problem.Invalid},
			{"UnknownField", unknown, problem.Invalid},
			{"BadID", badID, problem.Invalid},
			{"NotJSON", "levels: 5", problem.Invalid},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				b := wantProblem(t, e.do("POST", "/v1/rubrics", e.admin, tc.body), tc.kind)
				assert.NotEmpty(t, b.Detail)
			})
		}
	})
	t.Run("InvisibleToOtherOrganisations", func(t *testing.T) {
		created := e.ok("POST", "/v1/organisations", e.admin, map[string]any{"name": "Elsewhere"}, 201)
		other := created["key"].(map[string]any)["key"].(string)
		wantProblem(t, e.do("GET", "/v1/rubrics/house-essay-20", other, nil), problem.NotFound)
		b := wantProblem(t, e.do("POST", "/v1/feedback", other, map[string]any{"text": essayDraft1, "rubric": "house-essay-20"}), problem.Invalid)
		assert.Equal(t, "rubric", b.Field)
		// The same id is free for them.
		e.ok("POST", "/v1/rubrics", other, customRubric, 201)
	})
}

func TestTopics(t *testing.T) {
	e := newEnv(t)
	list := e.ok("GET", "/v1/topics", e.pupil, nil, 200)["topics"].([]any)
	require.NotEmpty(t, list)
	var found bool
	for _, tp := range list {
		if tp.(map[string]any)["id"] == "russia-1917-1953" {
			found = true
		}
	}
	assert.True(t, found)
	tp := e.ok("GET", "/v1/topics/russia-1917-1953", e.pupil, nil, 200)
	assert.Equal(t, "russia-1917-1953", tp["id"])
	assert.NotEmpty(t, tp["people"])
	wantProblem(t, e.do("GET", "/v1/topics/narnia", e.pupil, nil), problem.NotFound)
}

// TestOpenAPIMatchesRoutes: every route the router serves is documented, and
// every documented operation is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	for _, tc := range []struct {
		name string
		lti  bool
	}{{"WithoutLTI", false}, {"WithLTI", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var e *env
			if tc.lti {
				e = newEnv(t, withLTI("https://clio.example.org", nil))
			} else {
				e = newEnv(t)
			}
			checkOpenAPI(t, e, tc.lti)
		})
	}
}

func checkOpenAPI(t *testing.T, e *env, withLTI bool) {
	var served []string
	for _, r := range e.h.(*gin.Engine).Routes() {
		p := r.Path
		parts := strings.Split(p, "/")
		for i, s := range parts {
			if strings.HasPrefix(s, ":") {
				parts[i] = "{" + s[1:] + "}"
			}
		}
		served = append(served, r.Method+" "+strings.Join(parts, "/"))
	}
	sort.Strings(served)
	assert.Equal(t, api.DocumentedRoutes(withLTI), served)

	w := e.do("GET", "/openapi.json", "", nil)
	require.Equal(t, 200, w.Code)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
	assert.Equal(t, "3.1.0", doc["openapi"])
	paths := doc["paths"].(map[string]any)
	var documented []string
	for p, item := range paths {
		for m, op := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(m)+" "+p)
			resps := op.(map[string]any)["responses"].(map[string]any)
			assert.NotEmpty(t, resps, "%s %s", m, p)
		}
	}
	sort.Strings(documented)
	assert.Equal(t, served, documented, "the served document lists exactly the routes")
	_, hasLTI := paths["/lti/launch"]
	assert.Equal(t, withLTI, hasLTI, "the LTI routes are documented exactly when they are served")

	// Every $ref points at a schema that exists.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				assert.Contains(t, schemas, name, "dangling $ref %s", ref)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}
