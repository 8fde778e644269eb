package api

import (
	"context"
	"errors"
	"log/slog"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// classify turns any error into the problem the client sees. Errors from the
// layers below are recognised here, once; anything unrecognised is internal.
func classify(err error) *problem.Error {
	var pe *problem.Error
	var re *store.ReviewError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, analysis.ErrTooLong):
		return &problem.Error{Kind: problem.TooLarge, Field: "text", Detail: err.Error(), Err: err}
	case analysis.IsInputError(err):
		return &problem.Error{Kind: problem.InvalidText, Field: "text", Detail: err.Error(), Err: err}
	case errors.Is(err, marking.ErrUnknownRubric):
		return &problem.Error{Kind: problem.Invalid, Field: "rubric", Detail: err.Error() + " (see GET /v1/rubrics)", Err: err}
	case errors.Is(err, standard.ErrBadLocale):
		return &problem.Error{Kind: problem.Invalid, Field: "locale", Detail: err.Error(), Err: err}
	case errors.Is(err, rubric.ErrInvalid):
		return &problem.Error{Kind: problem.Invalid, Detail: err.Error(), Err: err}
	case errors.Is(err, marker.ErrBusy):
		return &problem.Error{Kind: problem.Unavailable, RetryAfter: 1, Detail: "Clio is marking as many essays as it can; retry in a second.", Err: err}
	case errors.As(err, &re):
		return &problem.Error{Kind: problem.Invalid, Field: re.Field, Detail: re.Reason, Err: err}
	case errors.Is(err, store.ErrNotFound):
		return &problem.Error{Kind: problem.NotFound, Detail: "Not found in your organisation.", Err: err}
	case errors.Is(err, store.ErrConflict):
		return &problem.Error{Kind: problem.Conflict, Detail: "It already exists.", Err: err}
	case errors.Is(err, store.ErrUnavailable):
		return &problem.Error{Kind: problem.Unavailable, Detail: "The database cannot be reached just now; nothing was stored. Try again shortly.", RetryAfter: 2, Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &problem.Error{Kind: problem.Unavailable, Detail: "The request was cancelled or took too long.", RetryAfter: 1, Err: err}
	}
	return problem.Wrap(err)
}

// fail writes err as application/problem+json and stops the chain. Internal
// errors are logged with the request id; the client sees only that id.
func (s *Server) fail(c *gin.Context, err error) {
	p := classify(err)
	rid := requestID(c)
	if p.Kind == problem.Internal {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "internal error",
			slog.String("request_id", rid), slog.String("route", c.FullPath()), slog.Any("error", err))
	}
	if p.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(p.RetryAfter))
	}
	body := problem.BodyOf(p, c.Request.URL.Path, rid)
	c.Abort()
	c.Render(body.Status, problemRender{body})
	c.Set(ctxProblem, string(p.Kind))
}
