package api

import (
	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
)

// readBody reads the request body as problem.ReadJSON, within --max-body.
func (s *Server) readBody(c *gin.Context) ([]byte, error) {
	return problem.ReadJSON(c.Writer, c.Request, s.cfg.MaxBody)
}

// decode reads a JSON object into dst with the one strict decoder
// (problem.DecodeJSON), within --max-body.
func (s *Server) decode(c *gin.Context, dst any) error {
	return problem.DecodeJSON(c.Writer, c.Request, s.cfg.MaxBody, dst)
}
