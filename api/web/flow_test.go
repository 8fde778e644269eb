package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

const maryQuestion = "How successful was Mary I in dealing with the problems she faced in the years 1553–58?"

// submit posts a draft as the client's student and returns the submission id.
func (c *client) submit(assignmentID, text string) string {
	c.t.Helper()
	resp, body := c.post("/a/"+assignmentID, url.Values{"csrf": {c.token("/a/" + assignmentID)}, "text": {text}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode, body)
	return strings.TrimPrefix(resp.Header.Get("Location"), "/s/")
}

func TestTutorCreatesAssignmentAndShares(t *testing.T) {
	e := newEnv(t)
	tutor := e.client()
	tutor.loginTutor()
	tok := tutor.token("/tutor")
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"ErrNoQuestion", url.Values{"rubric": {"aqa-a-level-essay-25"}}, "Write the question"},
		{"ErrUnknownRubric", url.Values{"question": {maryQuestion}, "rubric": {"nope"}}, "Choose one of the mark schemes"},
		{"ErrUnknownTopic", url.Values{"question": {maryQuestion}, "rubric": {"aqa-a-level-essay-25"}, "topic": {"atlantis"}}, "Clio has no topic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("csrf", tok)
			resp, body := tutor.post("/tutor/assignments", tc.form)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Contains(t, body, tc.want)
		})
	}
	form := tutor.form("/tutor")
	for k, v := range (url.Values{"title": {"Mary I"}, "question": {maryQuestion}, "rubric": {"aqa-a-level-essay-25"}, "class": {"12B"}, "hide_marks": {"on"}}) {
		form[k] = v
	}
	resp, _ := tutor.post("/tutor/assignments", form)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, body := tutor.get(resp.Header.Get("Location"))
	assert.Contains(t, body, "Assignment created.")
	link := regexp.MustCompile(`href="(http://[^"]+/a/(asg_[0-9a-f]+))"`).FindStringSubmatch(body)
	require.NotNil(t, link, "the page shows the link to share")
	as, err := e.store.ListAssignments(context.Background(), e.org.ID, "")
	require.NoError(t, err)
	require.Len(t, as, 1)
	assert.Equal(t, link[2], as[0].ID)
	assert.Equal(t, "12B", as[0].Class)
	o, err := e.store.AssignmentOptions(context.Background(), e.org.ID, as[0].ID)
	require.NoError(t, err)
	assert.True(t, o.HideMarks)

	// A student opening the shared link signs in and comes back to it.
	student := e.client()
	code, _ := student.get("/a/" + as[0].ID)
	assert.Equal(t, http.StatusSeeOther, code)
	resp, _ = student.post("/login/code", url.Values{"csrf": {student.token("/login")}, "code": {e.code}, "next": {"/a/" + as[0].ID}})
	assert.Equal(t, "/a/"+as[0].ID, resp.Header.Get("Location"))

	t.Run("TutorAddsStudent", func(t *testing.T) {
		form := tutor.form("/tutor")
		form.Set("name", "Priya")
		resp, _ := tutor.post("/tutor/students", form)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		_, body := tutor.get(resp.Header.Get("Location"))
		code := regexp.MustCompile(`<code>([A-Z0-9-]+)</code>`).FindStringSubmatch(body)
		require.NotNil(t, code, "the new code is shown once")
		p := e.client()
		resp, _ = p.post("/login/code", url.Values{"csrf": {p.token("/login")}, "code": {code[1]}})
		assert.Equal(t, "/me", resp.Header.Get("Location"))
		_, home := p.get("/me")
		assert.Contains(t, home, "Mary I")
		assert.Contains(t, home, "Sign out Priya")
	})
}

func TestHiddenMarksShowFeedbackOnly(t *testing.T) {
	e := newEnv(t)
	a := e.assignment(maryQuestion, true)
	student := e.client()
	student.loginStudent()
	id := student.submit(a.ID, fixture(t, "mary-spelling.txt"))
	_, body := student.get("/s/" + id)
	assert.Contains(t, body, "Even better if")
	assert.Contains(t, body, "religous</mark>")
	assert.NotContains(t, body, `id="suggested"`, "no suggested mark")
	assert.NotRegexp(t, `\d+/25`, body, "no mark anywhere")

	// The tutor still sees the suggestion and reviews; the student sees that
	// it was reviewed and the comment, but no mark.
	tutor := e.client()
	tutor.loginTutor()
	_, review := tutor.get("/tutor/review/" + id)
	assert.Contains(t, review, `id="suggested"`)
	resp, _ := tutor.post("/tutor/review/"+id, url.Values{"csrf": {tutor.token("/tutor")}, "action": {"accept"}, "comment": {"Well argued."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, body = student.get("/s/" + id)
	assert.Contains(t, body, "Your tutor has reviewed this draft.")
	assert.Contains(t, body, "Well argued.")
	assert.NotRegexp(t, `\d+/25`, body)
	_, home := student.get("/me")
	assert.Contains(t, home, "feedback only")
}

// TestReviewChecksTheMark: the review form applies the API's rule
// (store.NewReview): a level of the mark scheme, a mark in that level's
// band and a comment to override. Each refusal says why and stores nothing.
func TestReviewChecksTheMark(t *testing.T) {
	e := newEnv(t)
	a := e.assignment(maryQuestion, false)
	student := e.client()
	student.loginStudent()
	id := student.submit(a.ID, fixture(t, "mary-spelling.txt"))
	tutor := e.client()
	tutor.loginTutor()
	tok := tutor.token("/tutor")
	const why = "A sustained judgement Clio missed."
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"ErrMarkTooHigh", url.Values{"action": {"override"}, "level": {"5"}, "mark": {"26"}, "comment": {why}}, "takes marks 21 to 25, not 26"},
		{"ErrMarkOutsideTheBand", url.Values{"action": {"override"}, "level": {"4"}, "mark": {"13"}, "comment": {why}}, "takes marks 16 to 20, not 13"},
		{"ErrLevelZero", url.Values{"action": {"override"}, "level": {"0"}, "mark": {"0"}, "comment": {why}}, "from 1 to 5"},
		{"ErrNegativeLevel", url.Values{"action": {"override"}, "level": {"-1"}, "mark": {"3"}, "comment": {why}}, "from 1 to 5"},
		{"ErrNoComment", url.Values{"action": {"override"}, "level": {"4"}, "mark": {"17"}}, "Say why in a comment"},
		{"ErrBlankComment", url.Values{"action": {"override"}, "level": {"4"}, "mark": {"17"}, "comment": {"  \n "}}, "Say why in a comment"},
		{"ErrNoMark", url.Values{"action": {"override"}, "level": {"4"}, "mark": {""}, "comment": {why}}, "needs a level and a mark"},
		{"ErrNotANumber", url.Values{"action": {"override"}, "level": {"four"}, "mark": {"3"}, "comment": {why}}, "whole numbers"},
		{"ErrNoAction", url.Values{"level": {"3"}, "mark": {"3"}}, "Choose"},
		{"ErrHugeComment", url.Values{"action": {"accept"}, "comment": {strings.Repeat("x", 5000)}}, "keep it to 4000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("csrf", tok)
			resp, body := tutor.post("/tutor/review/"+id, tc.form)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Contains(t, body, html.EscapeString(tc.want))
			_, err := e.store.GetReview(context.Background(), e.org.ID, id)
			assert.ErrorIs(t, err, store.ErrNotFound, "nothing is stored")
		})
	}
	resp, _ := tutor.post("/tutor/review/"+id, url.Values{"csrf": {tok}, "action": {"override"}, "level": {"4"}, "mark": {"17"}, "comment": {why}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "a valid override is saved")
	r, err := e.store.GetReview(context.Background(), e.org.ID, id)
	require.NoError(t, err)
	assert.Equal(t, 17, r.FinalMark)
	assert.True(t, r.Overridden)
	assert.Equal(t, why, r.Comment)
}

func TestClassCSVExport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.assignment(maryQuestion, false)
	// A name a spreadsheet would run as a formula.
	evil, code, err := AddStudent(ctx, e.store, e.org.ID, "=HYPERLINK(\"http://evil.example\")")
	require.NoError(t, err)
	s := e.client()
	resp, _ := s.post("/login/code", url.Values{"csrf": {s.token("/login")}, "code": {code}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	id := s.submit(a.ID, fixture(t, "mary-spelling.txt"))
	tutor := e.client()
	tutor.loginTutor()
	resp, _ = tutor.post("/tutor/review/"+id, url.Values{"csrf": {tutor.token("/tutor")}, "action": {"override"}, "level": {"3"},
		"mark": {"12"}, "comment": {"-too short"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	// A second draft arrives after the review: the reviewed first draft
	// keeps its row and its mark.
	id2 := s.submit(a.ID, fixture(t, "mary-spelling.txt")+"\n\nIn conclusion, Mary was more successful than is often claimed.")
	code2, body := tutor.get("/tutor/class.csv")
	require.Equal(t, http.StatusOK, code2)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3, "one row per draft")
	assert.Equal(t, api.CSVHeader, rows[0], "the columns of the API's export, which the README lists")
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byDraft := map[string][]string{}
	for _, r := range rows[1:] {
		byDraft[r[col["draft"]]] = r
	}
	r := byDraft["1"]
	require.NotNil(t, r)
	assert.Equal(t, "'"+evil.Name, r[col["student"]], "a formula is defused")
	assert.Equal(t, "Mary I essay", r[col["assignment"]])
	assert.Equal(t, id, r[col["submission_id"]])
	for k, want := range map[string]string{"final_level": "3", "final_mark": "12", "level": "3", "decision": "override",
		"reviewer": "Ms Tutor", "comment": "'-too short"} {
		assert.Equal(t, want, r[col[k]], k)
	}
	r2 := byDraft["2"]
	require.NotNil(t, r2)
	assert.Equal(t, id2, r2[col["submission_id"]])
	assert.Empty(t, r2[col["final_mark"]], "draft 2 is not reviewed yet")
	resp, _ = tutor.post("/tutor/review/"+id2, url.Values{"csrf": {tutor.token("/tutor")}, "action": {"override"}, "level": {"3"},
		"mark": {"12"}, "comment": {"Better."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	_, page := tutor.get("/tutor/class")
	assert.Contains(t, page, "<strong>12/25</strong>", "the final mark is shown in the class view")
	assert.Contains(t, page, "Spelling slips")

	// After an erasure request the student's row says only that work was
	// deleted.
	_, err = e.store.EraseStudent(ctx, e.org.ID, evil.ID, time.Now().UTC())
	require.NoError(t, err)
	_, body = tutor.get("/tutor/class.csv")
	rows, err = csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "(deleted)", rows[1][col["student"]])
	assert.Equal(t, "Mary I essay", rows[1][col["assignment"]])
	assert.Equal(t, "deleted", rows[1][col["decision"]])
	assert.Contains(t, rows[1][col["comment"]], "2 draft(s) deleted at an erasure request")
	assert.NotContains(t, body, "evil.example")
	_, page = tutor.get("/tutor/class")
	assert.Contains(t, page, "(deleted)")
	assert.Contains(t, page, `<span class="hint">deleted</span>`)
	assert.NotContains(t, page, "evil.example")
	assert.NotContains(t, page, "12/25")
}

func TestBusyMarkerAsksToRetry(t *testing.T) {
	e := newEnv(t)
	held, release := make(chan struct{}), make(chan struct{})
	h, err := New(Deps{Store: e.store, Marker: newMarker(t, marker.Config{Slots: 1, Wait: time.Millisecond,
		Hold: func(context.Context) error { held <- struct{}{}; <-release; return nil }})})
	require.NoError(t, err)
	first := make(chan *refusal, 1)
	go func() {
		_, no, _ := h.markEssay(context.Background(), marking.Request{Text: "Mary I became queen in 1553."})
		first <- no
	}()
	<-held // another essay holds the only slot
	rep, no, err := h.markEssay(context.Background(), marking.Request{Text: "Mary I became queen in 1553."})
	require.NoError(t, err)
	assert.Nil(t, rep)
	require.NotNil(t, no)
	assert.Equal(t, http.StatusServiceUnavailable, no.status, "busy is Clio's state, not the writer's mistake")
	assert.Contains(t, no.reason, "try again", "the writer is asked to resubmit")
	close(release)
	assert.Nil(t, <-first)
	go func() {
		for range held {
		}
	}()
	rep, no, err = h.markEssay(context.Background(), marking.Request{Text: "Mary I became queen in 1553."})
	require.NoError(t, err)
	assert.Nil(t, no)
	assert.NotNil(t, rep)
	close(held)
}

func TestNewNeedsItsDependencies(t *testing.T) {
	_, err := New(Deps{})
	assert.Error(t, err)
}

func TestQueueShowsFlags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.assignment(maryQuestion, false)
	text := "Mary became queen in 1558. Mary became queen in 1558. Mary became queen in 1558."
	for _, tc := range []struct {
		name   string
		report rubric.Report
		want   []string
		not    []string
	}{
		{"Flagged", rubric.Report{Level: 2, MaxLevel: 5, Mark: 8, MaxMark: 25, Confidence: 0.41, Borderline: true,
			Findings: []analysis.Finding{
				{ID: "f1", Code: "dates.conflict", Severity: analysis.SeverityError, Span: analysis.Span{Start: 21, End: 25}, Message: "Mary became queen in 1553."},
				{ID: "f2", Code: "dates.conflict", Severity: analysis.SeverityError, Span: analysis.Span{Start: 48, End: 52}, Message: "Mary became queen in 1553."},
				{ID: "f3", Code: "argument.repetition", Severity: analysis.SeverityWarning, Span: analysis.Span{Start: 27, End: 53}, Message: "This repeats a point."},
			}},
			[]string{"borderline", "possible padding", "2 date conflicts", "41%", "level 2, 8/25"}, nil},
		{"Clean", rubric.Report{Level: 4, MaxLevel: 5, Mark: 18, MaxMark: 25, Confidence: 0.9},
			[]string{"90%", "level 4, 18/25"}, []string{"borderline", "padding", "date conflict"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, err := AddStudent(ctx, e.store, e.org.ID, "Student "+tc.name)
			require.NoError(t, err)
			b, err := json.Marshal(tc.report)
			require.NoError(t, err)
			sub := &store.Submission{ID: store.NewID("sub"), OrgID: e.org.ID, StudentID: st.ID, AssignmentID: a.ID, Text: text,
				Question: a.Question, Rubric: a.Rubric, Level: tc.report.Level, Mark: tc.report.Mark, MaxMark: 25, Report: b, Created: store.Now()}
			require.NoError(t, e.store.CreateSubmission(ctx, sub))
			tutor := e.client()
			tutor.loginTutor()
			_, body := tutor.get("/tutor/queue")
			i := strings.Index(body, "Student "+tc.name)
			require.GreaterOrEqual(t, i, 0)
			row := body[i:]
			row = row[:strings.Index(row, "</tr>")]
			for _, w := range tc.want {
				assert.Contains(t, row, w)
			}
			for _, w := range tc.not {
				assert.NotContains(t, row, w)
			}
		})
	}
}

// TestStudentSeesTheTutorsMark: once a tutor overrides, /me shows the
// tutor's mark and names Clio's suggestion as such, and the next draft's
// "since draft 1" is measured from the tutor's mark.
func TestStudentSeesTheTutorsMark(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.assignment(maryQuestion, false)
	student := e.client()
	student.loginStudent()
	id := student.submit(a.ID, fixture(t, "mary-spelling.txt"))
	sub, err := e.store.GetSubmission(ctx, e.org.ID, id)
	require.NoError(t, err)
	_, home := student.get("/me")
	assert.Contains(t, home, fmt.Sprintf("%d/25 <span class=\"hint\">Clio's suggestion, not yet reviewed</span>", sub.Mark))

	// A mark in another level's band, so it differs from the suggestion.
	level, mark := 4, 17
	if sub.Level == 4 {
		level, mark = 3, 12
	}
	tutor := e.client()
	tutor.loginTutor()
	resp, _ := tutor.post("/tutor/review/"+id, url.Values{"csrf": {tutor.token("/tutor")}, "action": {"override"},
		"level": {fmt.Sprint(level)}, "mark": {fmt.Sprint(mark)}, "comment": {"Your judgement is stronger than Clio saw."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, home = student.get("/me")
	assert.Contains(t, home, fmt.Sprintf("<strong>%d/25</strong> <span class=\"hint\">your tutor's mark</span>", mark))
	assert.Contains(t, home, fmt.Sprintf("Clio suggested %d/25", sub.Mark))
	assert.NotContains(t, home, "not yet reviewed")

	id2 := student.submit(a.ID, fixture(t, "mary-spelling.txt")+"\n\nIn conclusion, Mary achieved more than her reputation allows.")
	sub2, err := e.store.GetSubmission(ctx, e.org.ID, id2)
	require.NoError(t, err)
	_, body := student.get("/s/" + id2)
	m := regexp.MustCompile(`<li class="\w+" id="change-mark">Mark: ([^<]+) <span class="hint">\(([^)]+)\)`).FindStringSubmatch(body)
	require.NotNil(t, m, "the change of mark is shown")
	want := sub2.Mark - mark
	wantText := fmt.Sprintf("%+d", want)
	if want == 0 {
		wantText = "no change"
	}
	assert.Equal(t, wantText, html.UnescapeString(m[1]), "measured from the tutor's mark on draft 1")
	assert.Equal(t, fmt.Sprintf("Clio's suggested mark now, against your tutor's %d/25 on draft 1", mark), html.UnescapeString(m[2]))
	_, home = student.get("/me")
	assert.Contains(t, home, fmt.Sprintf("<strong>%d/25</strong> <span class=\"hint\">your tutor's mark</span>", mark), "draft 1 keeps its tutor's mark")
}
