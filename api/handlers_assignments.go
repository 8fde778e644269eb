package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// AssignmentJSON is an assignment as the API shows it.
type AssignmentJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Question  string     `json:"question"`
	Rubric    string     `json:"rubric"`
	Topic     string     `json:"topic,omitempty"`
	Class     string     `json:"class,omitempty"`
	Due       *time.Time `json:"due,omitempty"`
	CreatedBy string     `json:"created_by"`
	Created   time.Time  `json:"created"`
}

func assignmentJSON(a store.Assignment) AssignmentJSON {
	return AssignmentJSON{ID: a.ID, Title: a.Title, Question: a.Question, Rubric: a.Rubric, Topic: a.Topic,
		Class: a.Class, Due: a.Due, CreatedBy: a.CreatedBy, Created: a.Created}
}

type assignmentRequest struct {
	Title    string `json:"title"`
	Question string `json:"question"`
	Rubric   string `json:"rubric"`
	Topic    string `json:"topic"`
	Class    string `json:"class"`
	Due      string `json:"due"`
}

// parseDue accepts an RFC 3339 time or a date (taken as the end of that day,
// UTC).
func parseDue(v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		t = t.UTC().Truncate(time.Microsecond)
		return &t, nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		t := d.Add(24*time.Hour - time.Second).UTC()
		return &t, nil
	}
	return nil, problem.OnField(problem.Invalid, "due", "due must be a date (2026-03-14) or an RFC 3339 time (2026-03-14T17:00:00Z), not %q.", v)
}

func (s *Server) postAssignment(c *gin.Context) {
	ctx := c.Request.Context()
	var req assignmentRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p := caller(c)
	title, err := checkName("title", req.Title, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	class, err := checkName("class", req.Class, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := strings.TrimSpace(req.Question)
	if q == "" {
		s.fail(c, problem.OnField(problem.Invalid, "question", "question is required."))
		return
	}
	if err := s.checkEssay(essay{Text: "x", Question: q}); err != nil {
		s.fail(c, err)
		return
	}
	if req.Rubric == "" {
		req.Rubric = rubric.DefaultID
	}
	if _, _, err := s.resolveRubric(ctx, p.User.OrgID, req.Rubric); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.checkTopic(req.Topic); err != nil {
		s.fail(c, err)
		return
	}
	due, err := parseDue(req.Due)
	if err != nil {
		s.fail(c, err)
		return
	}
	a := store.Assignment{ID: store.NewID("asg"), OrgID: p.User.OrgID, Title: title, Question: q, Rubric: req.Rubric,
		Topic: req.Topic, Class: class, Due: due, CreatedBy: p.User.ID, Created: store.Now()}
	if err := s.store.CreateAssignment(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, assignmentJSON(a))
}

func (s *Server) listAssignments(c *gin.Context) {
	as, err := s.store.ListAssignments(c.Request.Context(), caller(c).User.OrgID, c.Query("class"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]AssignmentJSON, len(as))
	for i, a := range as {
		out[i] = assignmentJSON(a)
	}
	c.JSON(http.StatusOK, gin.H{"assignments": out})
}

func (s *Server) assignment(c *gin.Context, id string) (store.Assignment, error) {
	a, err := s.store.GetAssignment(c.Request.Context(), caller(c).User.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, problem.New(problem.NotFound, "There is no assignment %s in your organisation.", id)
	}
	return a, err
}

func (s *Server) getAssignment(c *gin.Context) {
	a, err := s.assignment(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, assignmentJSON(a))
}
