package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store/postgres"
	"github.com/clio-history/clio/api/store/storetest"
)

func TestAssignments(t *testing.T) {
	e := newEnv(t)
	id := e.assignment(e.tutor, map[string]any{"topic": "russia-1917-1953"})
	a := e.ok("GET", "/v1/assignments/"+id, e.pupil, nil, 200)
	assert.Equal(t, "aqa-a-level-essay-25", a["rubric"], "the default rubric is filled in")
	assert.Equal(t, "2026-12-01T23:59:59Z", a["due"])
	assert.Equal(t, e.ids["tutor"], a["created_by"])
	e.assignment(e.admin, map[string]any{"class": "12Y", "due": "2026-11-30T17:00:00+01:00"})
	assert.Len(t, e.ok("GET", "/v1/assignments", e.pupil, nil, 200)["assignments"], 2)
	only := e.ok("GET", "/v1/assignments?class=12Y", e.pupil, nil, 200)["assignments"].([]any)
	require.Len(t, only, 1)
	assert.Equal(t, "2026-11-30T16:00:00Z", only[0].(map[string]any)["due"])

	bad := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"NoTitle", map[string]any{"question": "Why?"}, "title"},
		{"NoQuestion", map[string]any{"title": "t"}, "question"},
		{"UnknownRubric", map[string]any{"title": "t", "question": "Why?", "rubric": "nope"}, "rubric"},
		{"UnknownTopic", map[string]any{"title": "t", "question": "Why?", "topic": "atlantis-1000"}, "topic"},
		{"BadDue", map[string]any{"title": "t", "question": "Why?", "due": "next Tuesday"}, "due"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			b := wantProblem(t, e.do("POST", "/v1/assignments", e.tutor, tc.body), problem.Invalid)
			assert.Equal(t, tc.field, b.Field)
		})
	}
	wantProblem(t, e.do("GET", "/v1/assignments/asg_nothing", e.tutor, nil), problem.NotFound)
}

func TestSubmissionDraftsAndRevisions(t *testing.T) {
	e := newEnv(t)
	asg := e.assignment(e.tutor, nil)
	first := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)
	assert.EqualValues(t, 1, first["draft"])
	assert.Equal(t, e.ids["pupil"], first["student_id"])
	assert.NotContains(t, first, "change", "a first draft has nothing to compare with")
	assert.Equal(t, "Why did Stalin become leader of the USSR by 1929?", first["question"], "the assignment sets the question")
	versions := first["versions"].(map[string]any)
	assert.NotEmpty(t, versions["clio"])
	assert.NotEmpty(t, versions["analyzers"])
	assert.Regexp(t, `^aqa-a-level-essay-25@[0-9a-f]{12}$`, versions["rubric"])
	report := first["report"].(map[string]any)
	assert.Equal(t, first["mark"], report["mark"])

	second := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft2}, 201)
	assert.EqualValues(t, 2, second["draft"])
	ch := second["change"].(map[string]any)
	assert.Equal(t, first["id"], ch["from_submission"])
	assert.EqualValues(t, second["mark"].(float64)-first["mark"].(float64), ch["mark"])
	assert.EqualValues(t, second["level"].(float64)-first["level"].(float64), ch["level"])
	assert.NotEmpty(t, ch["criteria"])

	// The tutor submits for the second student: drafts are per student.
	other := e.ok("POST", "/v1/submissions", e.tutor, map[string]any{"student_id": e.ids["pupil2"], "assignment_id": asg, "text": essayDraft1}, 201)
	assert.EqualValues(t, 1, other["draft"])

	rev := e.ok("GET", "/v1/submissions/"+second["id"].(string)+"/revisions", e.pupil, nil, 200)
	drafts := rev["drafts"].([]any)
	require.Len(t, drafts, 2)
	d1, d2 := drafts[0].(map[string]any), drafts[1].(map[string]any)
	assert.EqualValues(t, 1, d1["draft"])
	assert.NotContains(t, d1, "change")
	assert.Equal(t, ch, d2["change"])
	assert.Greater(t, d2["words"].(float64), d1["words"].(float64))

	got := e.ok("GET", "/v1/submissions/"+first["id"].(string), e.pupil, nil, 200)
	assert.Equal(t, essayDraft1, got["text"])
	assert.Equal(t, first["report"], got["report"], "the stored report is the one returned")
	assert.NotContains(t, got, "review")

	t.Run("StudentsSeeOnlyTheirOwn", func(t *testing.T) {
		wantProblem(t, e.do("GET", "/v1/submissions/"+first["id"].(string), e.pupil2, nil), problem.NotFound)
		wantProblem(t, e.do("GET", "/v1/submissions/"+first["id"].(string)+"/revisions", e.pupil2, nil), problem.NotFound)
		wantProblem(t, e.do("GET", "/v1/submissions/"+first["id"].(string)+"/review", e.pupil2, nil), problem.NotFound)
		mine := e.ok("GET", "/v1/submissions", e.pupil2, nil, 200)["submissions"].([]any)
		require.Len(t, mine, 1)
		assert.Equal(t, other["id"], mine[0].(map[string]any)["id"])
		assert.NotContains(t, mine[0], "text", "lists leave out the text")
		all := e.ok("GET", "/v1/submissions?assignment="+asg, e.tutor, nil, 200)["submissions"].([]any)
		assert.Len(t, all, 3)
		byStudent := e.ok("GET", "/v1/submissions?student="+e.ids["pupil"]+"&limit=1", e.tutor, nil, 200)["submissions"].([]any)
		require.Len(t, byStudent, 1)
		assert.Equal(t, second["id"], byStudent[0].(map[string]any)["id"], "newest first")
	})
	t.Run("UTF16OffsetsOnRead", func(t *testing.T) {
		got := e.ok("GET", "/v1/submissions/"+second["id"].(string)+"?offsets=utf16", e.pupil, nil, 200)
		assert.Equal(t, "utf16", got["report"].(map[string]any)["offsets"])
		wantProblem(t, e.do("GET", "/v1/submissions/"+second["id"].(string)+"?offsets=bytes", e.pupil, nil), problem.Invalid)
	})
	t.Run("FreeStanding", func(t *testing.T) {
		free := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"text": essayDraft1, "question": "Why did Stalin win?", "topic": "russia-1917-1953"}, 201)
		assert.EqualValues(t, 1, free["draft"])
		assert.NotContains(t, free, "assignment_id")
		rev := e.ok("GET", "/v1/submissions/"+free["id"].(string)+"/revisions", e.pupil, nil, 200)
		assert.Len(t, rev["drafts"], 1)
	})
	bad := []struct {
		name string
		key  string
		body map[string]any
		kind problem.Kind
		fld  string
	}{
		{"StaffWithoutStudent", e.tutor, map[string]any{"text": essayDraft1}, problem.Invalid, "student_id"},
		{"StaffForATutor", e.integ, map[string]any{"student_id": e.ids["tutor"], "text": essayDraft1}, problem.Invalid, "student_id"},
		{"StaffForNobody", e.integ, map[string]any{"student_id": "usr_nobody", "text": essayDraft1}, problem.NotFound, "student_id"},
		{"QuestionWithAssignment", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1, "question": "Other?"}, problem.Invalid, "question"},
		{"RubricWithAssignment", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1, "rubric": "aqa-a-level-essay-25"}, problem.Invalid, "rubric"},
		{"NoSuchAssignment", e.pupil, map[string]any{"assignment_id": "asg_nothing", "text": essayDraft1}, problem.NotFound, ""},
		{"UnknownTopic", e.pupil, map[string]any{"text": essayDraft1, "topic": "mars-2100"}, problem.Invalid, "topic"},
		{"EmptyText", e.pupil, map[string]any{"assignment_id": asg, "text": ""}, problem.InvalidText, "text"},
		{"ControlCharacters", e.pupil, map[string]any{"assignment_id": asg, "text": "Stalin\u0007 rose\u0000"}, problem.InvalidText, "text"},
		{"UnknownField", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1, "grade": "A*"}, problem.UnknownField, "grade"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			b := wantProblem(t, e.do("POST", "/v1/submissions", tc.key, tc.body), tc.kind)
			assert.Equal(t, tc.fld, b.Field)
		})
	}
	t.Run("NothingStoredByBadRequests", func(t *testing.T) {
		all := e.ok("GET", "/v1/submissions?limit=500", e.admin, nil, 200)["submissions"].([]any)
		assert.Len(t, all, 4)
		wantProblem(t, e.do("GET", "/v1/submissions?limit=0", e.admin, nil), problem.Invalid)
	})
}

// TestConcurrentSubmissions sends 100 submissions at once from five
// students: every one is marked and stored, and each student's drafts are
// numbered 1 to 20 without gaps or repeats. It runs on SQLite, and on
// PostgreSQL when CLIO_TEST_DATABASE_URL is set.
func TestConcurrentSubmissions(t *testing.T) {
	wait := func(c *api.Config) { c.MarkWait = time.Minute }
	t.Run("SQLite", func(t *testing.T) { concurrentSubmissions(t, newEnv(t, wait)) })
	t.Run("PostgreSQL", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), storetest.PostgresURL(t))
		require.NoError(t, err)
		t.Cleanup(func() { _ = st.Close() })
		concurrentSubmissions(t, newEnvOn(t, st, wait))
	})
}

func concurrentSubmissions(t *testing.T, e *env) {
	asg := e.assignment(e.tutor, nil)
	students := []string{e.ids["pupil"], e.ids["pupil2"]}
	for i := range 3 {
		id, _ := e.newUser(e.admin, fmt.Sprintf("extra%d", i), "student")
		students = append(students, id)
	}
	const n = 100
	var wg sync.WaitGroup
	codes := make([]int, n)
	drafts := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sid := students[i%len(students)]
			w := e.do("POST", "/v1/submissions", e.integ, map[string]any{"student_id": sid, "assignment_id": asg,
				"text": fmt.Sprintf("Draft %d. %s", i, essayDraft1)})
			codes[i] = w.Code
			if w.Code == 201 {
				var sub struct {
					Draft     int    `json:"draft"`
					StudentID string `json:"student_id"`
				}
				if assert.NoError(t, jsonUnmarshal(w.Body.Bytes(), &sub)) {
					drafts[i] = fmt.Sprintf("%s#%d", sub.StudentID, sub.Draft)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, c := range codes {
		require.Equal(t, 201, c, "submission %d", i)
		assert.False(t, seen[drafts[i]], "draft %s numbered twice", drafts[i])
		seen[drafts[i]] = true
	}
	for _, sid := range students {
		for d := 1; d <= n/len(students); d++ {
			assert.True(t, seen[fmt.Sprintf("%s#%d", sid, d)], "student %s draft %d", sid, d)
		}
	}
	all := e.ok("GET", "/v1/submissions?limit=500", e.tutor, nil, 200)["submissions"].([]any)
	assert.Len(t, all, n, "none lost")
	metrics := e.do("GET", "/metrics", "", nil).Body.String()
	assert.Contains(t, metrics, fmt.Sprintf("clio_essays_marked_total %d", n))
}

func TestReviewFlow(t *testing.T) {
	e := newEnv(t)
	asg := e.assignment(e.tutor, nil)
	sub1 := e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft2}, 201)
	sub2 := e.ok("POST", "/v1/submissions", e.pupil2, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)
	id1, id2 := sub1["id"].(string), sub2["id"].(string)
	lvl1, mark1 := int(sub1["level"].(float64)), int(sub1["mark"].(float64))

	wantProblem(t, e.do("GET", "/v1/submissions/"+id1+"/review", e.tutor, nil), problem.NotFound)

	// Accept the first.
	r := e.ok("PUT", "/v1/submissions/"+id1+"/review", e.tutor, map[string]any{"decision": "accept", "comment": "Fair."}, 200)
	assert.Equal(t, "accept", r["decision"])
	assert.EqualValues(t, mark1, r["final"].(map[string]any)["mark"])
	assert.EqualValues(t, lvl1, r["final"].(map[string]any)["level"])
	assert.Equal(t, e.ids["tutor"], r["reviewer_id"])
	assert.NotEmpty(t, r["reviewed_at"])

	// Bad overrides of the second, using the rubric's bands (AQA 25: level
	// 3 is 11-15).
	bad := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"NoComment", map[string]any{"decision": "override", "level": 3, "mark": 13}, "comment"},
		{"BlankComment", map[string]any{"decision": "override", "level": 3, "mark": 13, "comment": " \n\t "}, "comment"},
		{"ControlCharacterInComment", map[string]any{"decision": "override", "level": 3, "mark": 13, "comment": "ok\u0007"}, "comment"},
		{"LevelZero", map[string]any{"decision": "override", "level": 0, "mark": 0, "comment": "c"}, "level"},
		{"NoMark", map[string]any{"decision": "override", "level": 3, "comment": "c"}, "mark"},
		{"LevelTooHigh", map[string]any{"decision": "override", "level": 9, "mark": 13, "comment": "c"}, "level"},
		{"MarkOutsideBand", map[string]any{"decision": "override", "level": 3, "mark": 20, "comment": "c"}, "mark"},
		{"NegativeMark", map[string]any{"decision": "override", "level": 1, "mark": -1, "comment": "c"}, "mark"},
		{"AcceptWithOtherMark", map[string]any{"decision": "accept", "mark": 99}, "decision"},
		{"UnknownDecision", map[string]any{"decision": "maybe"}, "decision"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			b := wantProblem(t, e.do("PUT", "/v1/submissions/"+id2+"/review", e.tutor, tc.body), problem.Invalid)
			assert.Equal(t, tc.field, b.Field)
		})
	}
	wantProblem(t, e.do("PUT", "/v1/submissions/"+id2+"/review", e.tutor, `{"decision":"override","mark":"thirteen"}`), problem.Invalid)
	wantProblem(t, e.do("PUT", "/v1/submissions/sub_nothing/review", e.tutor, map[string]any{"decision": "accept"}), problem.NotFound)

	// Override the second, then change our mind: the review is replaced.
	e.ok("PUT", "/v1/submissions/"+id2+"/review", e.tutor, map[string]any{"decision": "override", "level": 2, "mark": 8, "comment": "Thin."}, 200)
	r2 := e.ok("PUT", "/v1/submissions/"+id2+"/review", e.admin, map[string]any{"decision": "override", "level": 3, "mark": 13,
		"comment": "Better judgement than Clio saw."}, 200)
	assert.Equal(t, "override", r2["decision"])
	assert.Equal(t, map[string]any{"level": sub2["level"], "mark": sub2["mark"]}, r2["suggested"], "the suggestion is kept")
	assert.Equal(t, map[string]any{"level": 3.0, "mark": 13.0}, r2["final"])
	assert.Equal(t, e.adminID, r2["reviewer_id"])

	t.Run("StudentSeesOwnReview", func(t *testing.T) {
		got := e.ok("GET", "/v1/submissions/"+id2+"/review", e.pupil2, nil, 200)
		assert.Equal(t, r2, got)
		sub := e.ok("GET", "/v1/submissions/"+id2, e.pupil2, nil, 200)
		assert.Equal(t, r2, sub["review"])
	})
	t.Run("ListReviews", func(t *testing.T) {
		rows := e.ok("GET", "/v1/reviews", e.tutor, nil, 200)["reviews"].([]any)
		require.Len(t, rows, 2)
		for _, row := range rows {
			row := row.(map[string]any)
			assert.Equal(t, "Stalin's rise", row["assignment"])
			assert.NotNil(t, row["review"])
		}
		e.ok("POST", "/v1/submissions", e.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)
		assert.Len(t, e.ok("GET", "/v1/reviews", e.tutor, nil, 200)["reviews"], 2, "only reviewed submissions")
		assert.Len(t, e.ok("GET", "/v1/reviews?reviewed=false", e.tutor, nil, 200)["reviews"], 3)
		wantProblem(t, e.do("GET", "/v1/reviews?latest=perhaps", e.tutor, nil), problem.Invalid)
	})
	t.Run("CSVExport", func(t *testing.T) {
		w := e.do("GET", "/v1/reviews/export?assignment="+asg, e.integ, nil)
		require.Equal(t, 200, w.Code, w.Body.String())
		assert.Equal(t, "text/csv; charset=utf-8", w.Header().Get("Content-Type"))
		assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
		rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 4, "a header and one row per submission")
		assert.Equal(t, api.CSVHeader, rows[0])
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		byID := map[string][]string{}
		for _, r := range rows[1:] {
			byID[r[col["submission_id"]]] = r
		}
		a, b := byID[id1], byID[id2]
		require.NotNil(t, a)
		require.NotNil(t, b)
		assert.Equal(t, "pupil", a[col["student"]])
		assert.Equal(t, "Stalin's rise", a[col["assignment"]])
		assert.Equal(t, fmt.Sprint(mark1), a[col["suggested_mark"]])
		assert.Equal(t, fmt.Sprint(mark1), a[col["final_mark"]])
		assert.Equal(t, "tutor", a[col["reviewer"]])
		assert.Equal(t, "accept", a[col["decision"]])
		assert.Equal(t, "13", b[col["final_mark"]])
		assert.Equal(t, "3", b[col["level"]], "level is the final level once reviewed")
		assert.Equal(t, "Administrator", b[col["reviewer"]])
		assert.Equal(t, "override", b[col["decision"]])
		for _, r := range rows[1:] {
			if r[col["decision"]] == "" {
				assert.Empty(t, r[col["final_mark"]], "an unreviewed draft has no final mark")
				assert.Equal(t, r[col["suggested_level"]], r[col["level"]])
			}
		}
		latest, err := csv.NewReader(strings.NewReader(e.do("GET", "/v1/reviews/export?latest=true", e.tutor, nil).Body.String())).ReadAll()
		require.NoError(t, err)
		assert.Len(t, latest, 3, "one row per student with latest=true")
	})
}

func TestCSVExportIsSpreadsheetSafe(t *testing.T) {
	e := newEnv(t)
	id, key := e.newUser(e.admin, "=HYPERLINK(\"http://evil.example\",\"x\")", "student")
	e.ok("POST", "/v1/submissions", key, map[string]any{"text": essayDraft1}, 201)
	rows, err := csv.NewReader(strings.NewReader(e.do("GET", "/v1/reviews/export", e.tutor, nil).Body.String())).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, id, rows[1][1])
	assert.True(t, strings.HasPrefix(rows[1][0], "'="), "a formula is defused: %q", rows[1][0])
}
