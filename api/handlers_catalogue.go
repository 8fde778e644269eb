package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// RubricSummaryJSON lists a rubric.
type RubricSummaryJSON struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Board    string    `json:"board,omitempty"`
	MaxMark  int       `json:"max_mark"`
	MaxLevel int       `json:"max_level"`
	Custom   bool      `json:"custom"`
	Version  string    `json:"version"`
	Uploaded time.Time `json:"uploaded,omitzero"`
}

func rubricSummary(r *rubric.Rubric, custom bool, uploaded time.Time) RubricSummaryJSON {
	return RubricSummaryJSON{ID: r.ID, Name: r.Name, Board: r.Board, MaxMark: r.MaxMark, MaxLevel: r.MaxLevel(),
		Custom: custom, Version: rubricVersion(r), Uploaded: uploaded}
}

func (s *Server) listRubrics(c *gin.Context) {
	var out []RubricSummaryJSON
	for _, r := range s.marker.Rubrics().All() {
		out = append(out, rubricSummary(r, false, time.Time{}))
	}
	custom, err := s.store.ListRubrics(c.Request.Context(), caller(c).User.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, cr := range custom {
		r, err := rubric.Parse(cr.Body)
		if err != nil {
			s.log.Error("stored rubric no longer parses", "request_id", requestID(c), "rubric", cr.ID, "error", err)
			continue
		}
		out = append(out, rubricSummary(r, true, cr.Created))
	}
	c.JSON(http.StatusOK, gin.H{"rubrics": out})
}

func (s *Server) getRubric(c *gin.Context) {
	r, _, err := s.resolveRubric(c.Request.Context(), caller(c).User.OrgID, c.Param("id"))
	var pe *problem.Error
	if errors.As(err, &pe) && pe.Field == "rubric" {
		err = problem.New(problem.NotFound, "There is no rubric %q; GET /v1/rubrics lists them.", c.Param("id"))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// postRubric validates and stores an organisation's own rubric. Its id must
// not be a built-in rubric's.
func (s *Server) postRubric(c *gin.Context) {
	body, err := s.readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := rubric.Parse(body)
	if err != nil {
		s.fail(c, &problem.Error{Kind: problem.Invalid, Detail: err.Error(), Err: err})
		return
	}
	if !validRubricID(r.ID) {
		s.fail(c, problem.OnField(problem.Invalid, "id", "A rubric id is 1 to 64 lower-case letters, digits and hyphens, not %q.", r.ID))
		return
	}
	if _, ok := s.marker.Rubrics().Get(r.ID); ok {
		s.fail(c, problem.OnField(problem.Conflict, "id", "%q is a built-in rubric; choose another id.", r.ID))
		return
	}
	cr := store.CustomRubric{OrgID: caller(c).User.OrgID, ID: r.ID, Body: body, Created: store.Now()}
	if err := s.store.CreateRubric(c.Request.Context(), cr); err != nil {
		if errors.Is(err, store.ErrConflict) {
			err = problem.OnField(problem.Conflict, "id", "Your organisation already has a rubric %q; rubrics cannot be replaced, so upload it under a new id.", r.ID)
		}
		s.fail(c, err)
		return
	}
	c.Header("Location", "/v1/rubrics/"+r.ID)
	c.JSON(http.StatusCreated, rubricSummary(r, true, cr.Created))
}

func validRubricID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// TopicSummaryJSON lists a topic pack.
type TopicSummaryJSON struct {
	ID     string          `json:"id"`
	Title  string          `json:"title"`
	Kind   string          `json:"kind"`
	Period analysis.Period `json:"period"`
	People int             `json:"people"`
	Events int             `json:"events"`
	Terms  int             `json:"terms"`
}

func (s *Server) listTopics(c *gin.Context) {
	out := []TopicSummaryJSON{}
	if s.cfg.Topics != nil {
		for _, p := range s.cfg.Topics.Packs() {
			out = append(out, TopicSummaryJSON{ID: p.ID, Title: p.Title, Kind: p.Kind, Period: p.Period,
				People: len(p.People), Events: len(p.Events), Terms: len(p.Terms)})
		}
	}
	c.JSON(http.StatusOK, gin.H{"topics": out})
}

func (s *Server) getTopic(c *gin.Context) {
	if s.cfg.Topics != nil {
		if p, ok := s.cfg.Topics.Pack(c.Param("id")); ok {
			c.JSON(http.StatusOK, p)
			return
		}
	}
	s.fail(c, problem.New(problem.NotFound, "There is no topic %q; GET /v1/topics lists them.", c.Param("id")))
}

// checkTopic accepts "" (detect the topic) or the id of a known pack.
func (s *Server) checkTopic(id string) error {
	if id == "" || s.cfg.Topics == nil {
		return nil
	}
	if _, ok := s.cfg.Topics.Pack(id); !ok {
		return problem.OnField(problem.Invalid, "topic", "There is no topic %q; GET /v1/topics lists them.", id)
	}
	return nil
}
