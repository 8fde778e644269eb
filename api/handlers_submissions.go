package api

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// VersionsJSON says what produced a stored report.
type VersionsJSON struct {
	Clio      string   `json:"clio"`
	Analyzers []string `json:"analyzers"`
	Rubric    string   `json:"rubric"`
}

// ChangeJSON is how a draft differs from the one before it.
type ChangeJSON struct {
	FromDraft      int                `json:"from_draft"`
	FromSubmission string             `json:"from_submission"`
	Level          int                `json:"level"`
	Mark           int                `json:"mark"`
	Criteria       map[string]float64 `json:"criteria"`
}

// SubmissionJSON is a submission as the API shows it. Text and Report are
// left out of lists.
type SubmissionJSON struct {
	ID           string          `json:"id"`
	StudentID    string          `json:"student_id"`
	AssignmentID string          `json:"assignment_id,omitempty"`
	Draft        int             `json:"draft"`
	Created      time.Time       `json:"created"`
	Question     string          `json:"question,omitempty"`
	Rubric       string          `json:"rubric"`
	Topic        string          `json:"topic,omitempty"`
	Locale       string          `json:"locale,omitempty"`
	Level        int             `json:"level"`
	Mark         int             `json:"mark"`
	MaxMark      int             `json:"max_mark"`
	Versions     VersionsJSON    `json:"versions"`
	Text         string          `json:"text,omitempty"`
	Report       json.RawMessage `json:"report,omitempty"`
	Change       *ChangeJSON     `json:"change,omitempty"`
	Review       *ReviewJSON     `json:"review,omitempty"`
}

func submissionJSON(s store.Submission) SubmissionJSON {
	var analyzers []string
	if s.Analyzers != "" {
		analyzers = strings.Split(s.Analyzers, ",")
	}
	return SubmissionJSON{ID: s.ID, StudentID: s.StudentID, AssignmentID: s.AssignmentID, Draft: s.Draft, Created: s.Created,
		Question: s.Question, Rubric: s.Rubric, Topic: s.Topic, Locale: s.Locale, Level: s.Level, Mark: s.Mark, MaxMark: s.MaxMark,
		Versions: VersionsJSON{Clio: s.ClioVersion, Analyzers: analyzers, Rubric: s.RubricVersion}}
}

type submissionRequest struct {
	StudentID    string `json:"student_id"`
	AssignmentID string `json:"assignment_id"`
	Text         string `json:"text"`
	Question     string `json:"question"`
	Rubric       string `json:"rubric"`
	Topic        string `json:"topic"`
	Locale       string `json:"locale"`
	Offsets      string `json:"offsets"`
}

// postSubmission marks a draft and stores it. Students submit for
// themselves; staff and integrations submit for a named student.
func (s *Server) postSubmission(c *gin.Context) {
	ctx := c.Request.Context()
	p := caller(c)
	var req submissionRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	unit, err := checkOffsets(req.Offsets, "offsets")
	if err != nil {
		s.fail(c, err)
		return
	}
	studentID := req.StudentID
	switch {
	case p.is(student) && studentID != "" && studentID != p.User.ID:
		s.fail(c, problem.OnField(problem.Forbidden, "student_id", "Students can submit only their own work."))
		return
	case p.is(student):
		studentID = p.User.ID
	case studentID == "":
		s.fail(c, problem.OnField(problem.Invalid, "student_id", "student_id is required when a %s submits.", p.User.Role))
		return
	default:
		u, err := s.store.GetUser(ctx, p.User.OrgID, studentID)
		if errors.Is(err, store.ErrNotFound) {
			err = problem.OnField(problem.NotFound, "student_id", "There is no user %s in your organisation.", studentID)
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		if u.Role != store.RoleStudent {
			s.fail(c, problem.OnField(problem.Invalid, "student_id", "User %s is a %s, not a student.", studentID, u.Role))
			return
		}
	}
	e := essay{Text: req.Text, Question: req.Question, Rubric: req.Rubric, Topic: req.Topic, Locale: req.Locale}
	if req.AssignmentID != "" {
		a, err := s.assignment(c, req.AssignmentID)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, f := range [][2]string{{"question", req.Question}, {"rubric", req.Rubric}, {"topic", req.Topic}} {
			if field, v := f[0], f[1]; v != "" {
				s.fail(c, problem.OnField(problem.Invalid, field, "%s is set by the assignment; leave it out.", field))
				return
			}
		}
		e.Question, e.Rubric, e.Topic = a.Question, a.Rubric, a.Topic
	} else if err := s.checkTopic(req.Topic); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.mark(ctx, p.User.OrgID, e)
	if err != nil {
		s.fail(c, err)
		return
	}
	sub := &store.Submission{ID: store.NewID("sub"), OrgID: p.User.OrgID, StudentID: studentID, AssignmentID: req.AssignmentID,
		Text: e.Text, Question: e.Question, Rubric: m.Report.Rubric.ID, Topic: e.Topic, Locale: e.Locale,
		Level: m.Report.Level, Mark: m.Report.Mark, MaxMark: m.Report.MaxMark, Report: m.JSON,
		ClioVersion: m.Report.Versions.Clio, Analyzers: strings.Join(m.Report.Versions.Analyzers, ","),
		RubricVersion: m.RubricVersion, Created: store.Now()}
	if err := s.store.CreateSubmission(ctx, sub); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.holdStored(ctx); err != nil {
		s.fail(c, err)
		return
	}
	out := submissionJSON(*sub)
	out.Text = sub.Text
	if out.Report, err = reportOffsets(sub.Report, sub.Text, unit); err != nil {
		s.fail(c, err)
		return
	}
	if sub.Draft > 1 {
		prev, err := s.store.GetDraft(ctx, sub.OrgID, sub.StudentID, sub.AssignmentID, sub.Draft-1)
		if err != nil {
			s.fail(c, err)
			return
		}
		out.Change = change(prev, *sub)
	}
	c.Header("Location", "/v1/submissions/"+sub.ID)
	c.JSON(http.StatusCreated, out)
}

type criterionScore struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
	Level int     `json:"level"`
}

func criteriaOf(report []byte) []criterionScore {
	var r struct {
		Criteria []criterionScore `json:"criteria"`
	}
	_ = json.Unmarshal(report, &r) // a report we wrote; an old shape just gives no criteria
	return r.Criteria
}

// change compares two drafts: level, mark and each criterion's score.
func change(prev, cur store.Submission) *ChangeJSON {
	ch := &ChangeJSON{FromDraft: prev.Draft, FromSubmission: prev.ID, Level: cur.Level - prev.Level, Mark: cur.Mark - prev.Mark,
		Criteria: map[string]float64{}}
	before := map[string]float64{}
	for _, c := range criteriaOf(prev.Report) {
		before[c.ID] = c.Score
	}
	for _, c := range criteriaOf(cur.Report) {
		if b, ok := before[c.ID]; ok {
			ch.Criteria[c.ID] = math.Round((c.Score-b)*100) / 100
		}
	}
	return ch
}

// submission loads a submission the caller may see: any in their
// organisation for staff, only their own for a student. Anything else is
// "not found", so ids of other people's work reveal nothing.
func (s *Server) submission(c *gin.Context, id string) (store.Submission, error) {
	p := caller(c)
	sub, err := s.store.GetSubmission(c.Request.Context(), p.User.OrgID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.is(student) && sub.StudentID != p.User.ID) {
		return store.Submission{}, problem.New(problem.NotFound, "There is no submission %s that you can see.", id)
	}
	return sub, err
}

func (s *Server) getSubmission(c *gin.Context) {
	unit, err := checkOffsets(c.Query("offsets"), "offsets")
	if err != nil {
		s.fail(c, err)
		return
	}
	sub, err := s.submission(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := submissionJSON(sub)
	out.Text = sub.Text
	if out.Report, err = reportOffsets(sub.Report, sub.Text, unit); err != nil {
		s.fail(c, err)
		return
	}
	rv, err := s.store.GetReview(c.Request.Context(), sub.OrgID, sub.ID)
	switch {
	case err == nil:
		j := reviewJSON(rv, sub.MaxMark)
		out.Review = &j
	case !errors.Is(err, store.ErrNotFound):
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) listSubmissions(c *gin.Context) {
	p := caller(c)
	f := store.SubmissionFilter{StudentID: c.Query("student"), AssignmentID: c.Query("assignment")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.fail(c, problem.OnField(problem.Invalid, "limit", "limit must be a whole number from 1 to 500, not %q.", v))
			return
		}
		f.Limit = n
	}
	if p.is(student) {
		if f.StudentID != "" && f.StudentID != p.User.ID {
			s.fail(c, problem.OnField(problem.Forbidden, "student", "Students can list only their own submissions."))
			return
		}
		f.StudentID = p.User.ID
	}
	subs, err := s.store.ListSubmissions(c.Request.Context(), p.User.OrgID, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]SubmissionJSON, len(subs))
	for i, sub := range subs {
		out[i] = submissionJSON(sub)
	}
	c.JSON(http.StatusOK, gin.H{"submissions": out})
}

// DraftJSON is one draft in a revision history.
type DraftJSON struct {
	ID       string           `json:"id"`
	Draft    int              `json:"draft"`
	Created  time.Time        `json:"created"`
	Level    int              `json:"level"`
	Mark     int              `json:"mark"`
	MaxMark  int              `json:"max_mark"`
	Words    int              `json:"words"`
	Criteria []criterionScore `json:"criteria"`
	Change   *ChangeJSON      `json:"change,omitempty"`
}

// getRevisions lists every draft by the same student for the same
// assignment, oldest first, with the change from each draft to the next.
func (s *Server) getRevisions(c *gin.Context) {
	sub, err := s.submission(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	drafts := []store.Submission{sub}
	if sub.AssignmentID != "" {
		if drafts, err = s.store.Drafts(c.Request.Context(), sub.OrgID, sub.StudentID, sub.AssignmentID); err != nil {
			s.fail(c, err)
			return
		}
	}
	out := make([]DraftJSON, len(drafts))
	for i, d := range drafts {
		var stats struct {
			Stats struct {
				Words int `json:"words"`
			} `json:"stats"`
		}
		_ = json.Unmarshal(d.Report, &stats)
		out[i] = DraftJSON{ID: d.ID, Draft: d.Draft, Created: d.Created, Level: d.Level, Mark: d.Mark, MaxMark: d.MaxMark,
			Words: stats.Stats.Words, Criteria: criteriaOf(d.Report)}
		if out[i].Criteria == nil {
			out[i].Criteria = []criterionScore{}
		}
		if i > 0 {
			out[i].Change = change(drafts[i-1], d)
		}
	}
	c.JSON(http.StatusOK, gin.H{"student_id": sub.StudentID, "assignment_id": sub.AssignmentID, "drafts": out})
}
