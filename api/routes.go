package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

const (
	admin       = store.RoleAdmin
	tutor       = store.RoleTutor
	student     = store.RoleStudent
	integration = store.RoleIntegration
)

func (s *Server) routes() (*gin.Engine, error) {
	// Gin's debug mode prints every route to stdout, where the first-start
	// admin key is printed; the mode is process-wide in Gin.
	if gin.Mode() == gin.DebugMode {
		gin.SetMode(gin.ReleaseMode)
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.ContextWithFallback = true
	// Gin believes X-Forwarded-For from anyone unless told otherwise.
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("api: trusted proxies: %w", err)
	}
	r.Use(s.observe, s.recoverPanic)
	r.NoRoute(func(c *gin.Context) {
		s.fail(c, problem.New(problem.NotFound, "There is no endpoint %s; GET /openapi.json lists them.", c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, problem.New(problem.MethodNotAllowed, "%s does not accept %s.", c.Request.URL.Path, c.Request.Method))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.metricsHandler)
	r.GET("/openapi.json", s.openAPIHandler)

	v1 := r.Group("/v1", s.authenticate)
	staff := s.allow(admin, tutor, integration)
	teachers := s.allow(admin, tutor)
	admins := s.allow(admin)

	v1.POST("/feedback", s.postFeedback)
	v1.GET("/me", s.getMe)

	v1.GET("/organisation", s.getOrganisation)
	v1.POST("/organisations", admins, s.postOrganisation)

	v1.POST("/users", admins, s.postUser)
	v1.GET("/users", staff, s.listUsers)
	v1.GET("/users/:id", s.getUser)
	v1.DELETE("/users/:id", admins, s.deleteStudent)
	v1.GET("/users/:id/export", admins, s.exportStudent)
	v1.GET("/users/:id/essays", admins, s.exportEssays)
	v1.POST("/users/:id/keys", admins, s.postKey)
	v1.GET("/keys", admins, s.listKeys)
	v1.DELETE("/keys/:id", admins, s.deleteKey)

	v1.POST("/assignments", teachers, s.postAssignment)
	v1.GET("/assignments", s.listAssignments)
	v1.GET("/assignments/:id", s.getAssignment)

	v1.POST("/submissions", s.postSubmission)
	v1.GET("/submissions", s.listSubmissions)
	v1.GET("/submissions/:id", s.getSubmission)
	v1.GET("/submissions/:id/revisions", s.getRevisions)
	v1.PUT("/submissions/:id/review", teachers, s.putReview)
	v1.GET("/submissions/:id/review", s.getReview)

	v1.GET("/reviews", staff, s.listReviews)
	v1.GET("/reviews/export", staff, s.exportReviews)

	v1.GET("/rubrics", s.listRubrics)
	v1.GET("/rubrics/:id", s.getRubric)
	v1.POST("/rubrics", admins, s.postRubric)

	v1.GET("/topics", s.listTopics)
	v1.GET("/topics/:id", s.getTopic)

	if s.lti != nil {
		// Browsers and LMSs call these without an API key; the launch
		// itself is the proof of who is calling.
		s.lti.Routes(r)
		r.GET(ltiLandingPath, s.ltiLanding)
		s.lti.AdminRoutes(v1.Group("/lti", admins))
	}
	return r, nil
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if s.draining.Load() {
		s.fail(c, &problem.Error{Kind: problem.Unavailable, RetryAfter: 5, Detail: "Clio is shutting down; requests in flight are being finished."})
		return
	}
	if err := s.store.Ping(c.Request.Context()); err != nil {
		s.log.Warn("readiness check failed", "request_id", requestID(c), "error", err)
		s.fail(c, &problem.Error{Kind: problem.Unavailable, RetryAfter: 5, Detail: "The database is not reachable.", Err: err})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) metricsHandler(c *gin.Context) {
	c.Header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	c.Status(http.StatusOK)
	s.metrics.write(c.Writer)
}
