package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type feedbackRequest struct {
	Text     string `json:"text"`
	Question string `json:"question"`
	Rubric   string `json:"rubric"`
	Topic    string `json:"topic"`
	Locale   string `json:"locale"`
	Offsets  string `json:"offsets"`
}

// postFeedback marks an essay without storing anything.
func (s *Server) postFeedback(c *gin.Context) {
	var req feedbackRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	unit, err := checkOffsets(req.Offsets, "offsets")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.checkTopic(req.Topic); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.mark(c.Request.Context(), caller(c).User.OrgID, essay{
		Text: req.Text, Question: req.Question, Rubric: req.Rubric, Topic: req.Topic, Locale: req.Locale})
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := reportOffsets(m.JSON, req.Text, unit)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Render(http.StatusOK, rawJSON(out))
}
