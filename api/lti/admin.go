package lti

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
)

// AdminRoutes registers the JSON endpoints an organisation's admin uses to
// register platforms and webhooks. Mount them behind admin authentication,
// e.g. s.lti.AdminRoutes(v1.Group("/lti", admins)); Config.OrgOf must
// return the admin's organisation. Paths are relative to r:
//
//	GET    /config                       the URLs to enter in the LMS
//	GET    /platforms                    list registrations
//	POST   /platforms                    register an LMS
//	GET    /platforms/:id                one registration
//	PUT    /platforms/:id                change it
//	DELETE /platforms/:id                remove it
//	POST   /platforms/:id/roster         read a course's roster (NRPS)
//	POST   /keys/rotate                  new tool signing key
//	GET    /webhooks, POST /webhooks     list, create (the secret is shown once)
//	DELETE /webhooks/:id                 remove
//	GET    /webhooks/:id/deliveries      the delivery log with attempts
//	GET    /scores                       the score queue
func (s *Service) AdminRoutes(r gin.IRouter) {
	r.GET("/config", s.adminConfig)
	r.GET("/platforms", s.listPlatforms)
	r.POST("/platforms", s.createPlatform)
	r.GET("/platforms/:id", s.getPlatform)
	r.PUT("/platforms/:id", s.updatePlatform)
	r.DELETE("/platforms/:id", s.deletePlatform)
	r.POST("/platforms/:id/roster", s.syncRoster)
	r.POST("/keys/rotate", s.rotateKey)
	r.GET("/webhooks", s.listWebhooks)
	r.POST("/webhooks", s.createWebhook)
	r.DELETE("/webhooks/:id", s.deleteWebhook)
	r.GET("/webhooks/:id/deliveries", s.listDeliveries)
	r.GET("/scores", s.listScores)
}

// DefaultMaxBody caps an admin request's body when Config.MaxBody is 0.
const DefaultMaxBody = 64 << 10

// adminFail answers an admin request with err as problem+json, through
// Config.Fail (the API's writer: request id, logging, the one mapping of
// kinds to statuses) when the server set it.
func (s *Service) adminFail(c *gin.Context, err error) {
	if s.cfg.Fail != nil {
		s.cfg.Fail(c, err)
		c.Abort()
		return
	}
	p := problem.As(err)
	if p.Kind == problem.Internal {
		s.log.Error("lti: admin request failed", "path", c.Request.URL.Path, "error", err)
	}
	c.Header("Cache-Control", "no-store")
	b := problem.BodyOf(p, c.Request.URL.Path, "")
	c.Header("Content-Type", "application/problem+json")
	c.Status(b.Status)
	_ = json.NewEncoder(c.Writer).Encode(b)
	c.Abort()
}

// storeProblem says what a store error means to the admin: what was not
// found or is taken. Anything else is Clio's fault.
func storeProblem(err error, what string) error {
	switch {
	case errors.Is(err, ErrNotFound):
		return &problem.Error{Kind: problem.NotFound, Detail: "There is no " + what + " with this id in your organisation.", Err: err}
	case errors.Is(err, ErrConflict):
		return &problem.Error{Kind: problem.Conflict, Detail: "A platform with this issuer and client id is already registered.", Err: err}
	}
	return err
}

// decode reads a JSON body with the API's strict decoder.
func (s *Service) decode(c *gin.Context, dst any) error {
	return problem.DecodeJSON(c.Writer, c.Request, s.cfg.MaxBody, dst)
}

// platformInput is the body of POST and PUT /platforms.
type platformInput struct {
	Name          string   `json:"name"`
	Issuer        string   `json:"issuer"`
	ClientID      string   `json:"client_id"`
	DeploymentIDs []string `json:"deployment_ids"`
	JWKSURL       string   `json:"jwks_url"`
	AuthURL       string   `json:"auth_url"`
	TokenURL      string   `json:"token_url"`
	Audience      string   `json:"audience"`
	AuthMethod    string   `json:"auth_method"`
}

// checkURL accepts https URLs, and http ones only on the loopback
// interface (for local testing).
func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return problem.OnField(problem.Invalid, field, "%s must be an absolute URL.", field)
	}
	if u.Scheme == "https" {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback())) {
		return nil
	}
	return problem.OnField(problem.Invalid, field, "%s must use https.", field)
}

func (in platformInput) validate() error {
	switch {
	case strings.TrimSpace(in.Issuer) == "":
		return problem.OnField(problem.Invalid, "issuer", "issuer is required.")
	case strings.TrimSpace(in.ClientID) == "":
		return problem.OnField(problem.Invalid, "client_id", "client_id is required.")
	case len(in.DeploymentIDs) == 0:
		return problem.OnField(problem.Invalid, "deployment_ids", "deployment_ids needs at least one deployment id.")
	}
	for _, d := range in.DeploymentIDs {
		if strings.TrimSpace(d) == "" || len(d) > 255 {
			return problem.OnField(problem.Invalid, "deployment_ids", "Each deployment id must be 1 to 255 characters.")
		}
	}
	for _, f := range []struct{ name, v string }{{"jwks_url", in.JWKSURL}, {"auth_url", in.AuthURL}, {"token_url", in.TokenURL}} {
		if err := checkURL(f.name, f.v); err != nil {
			return err
		}
	}
	switch in.AuthMethod {
	case "", AuthGet, AuthPost:
	default:
		return problem.OnField(problem.Invalid, "auth_method", "auth_method must be %q (a redirect, the default) or %q (an auto-submitting form).", AuthGet, AuthPost)
	}
	for _, f := range []struct {
		name string
		v    string
		max  int
	}{{"name", in.Name, 200}, {"issuer", in.Issuer, 500}, {"client_id", in.ClientID, 255}, {"audience", in.Audience, 500}} {
		if len(f.v) > f.max {
			return problem.OnField(problem.Invalid, f.name, "%s is over %d bytes.", f.name, f.max)
		}
	}
	return nil
}

func (s *Service) adminConfig(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"tool_url":              s.LaunchURL(),
		"login_initiation_url":  s.LoginURL(),
		"redirection_uris":      []string{s.LaunchURL()},
		"public_keyset_url":     s.JWKSURL(),
		"deep_linking_url":      s.DeepLinkURL(),
		"custom_parameters":     "",
		"signature_method":      "RSA256",
		"webhook_signature":     SignatureHeader + ": t=UNIX,v1=HEX(HMAC-SHA256(secret, UNIX + \".\" + body))",
		"launch_token_audience": launchAudience,
	})
}

func (s *Service) listPlatforms(c *gin.Context) {
	list, err := s.store.ListPlatforms(c.Request.Context(), s.cfg.OrgOf(c))
	if err != nil {
		s.adminFail(c, err)
		return
	}
	if list == nil {
		list = []Platform{}
	}
	c.JSON(http.StatusOK, gin.H{"platforms": list})
}

func (s *Service) createPlatform(c *gin.Context) {
	var in platformInput
	if err := s.decode(c, &in); err != nil {
		s.adminFail(c, err)
		return
	}
	if err := in.validate(); err != nil {
		s.adminFail(c, err)
		return
	}
	p := Platform{ID: newID("plat"), OrgID: s.cfg.OrgOf(c), Name: in.Name, Issuer: in.Issuer, ClientID: in.ClientID,
		DeploymentIDs: in.DeploymentIDs, JWKSURL: in.JWKSURL, AuthURL: in.AuthURL, TokenURL: in.TokenURL,
		Audience: in.Audience, AuthMethod: in.AuthMethod, Created: s.now()}
	if p.OrgID == "" {
		s.adminFail(c, errors.New("lti: Config.OrgOf returned no organisation"))
		return
	}
	if err := s.store.CreatePlatform(c.Request.Context(), p); err != nil {
		s.adminFail(c, storeProblem(err, "platform"))
		return
	}
	s.log.Info("lti: platform registered", "platform", p.ID, "org", p.OrgID, "iss", p.Issuer, "client_id", p.ClientID)
	c.JSON(http.StatusCreated, p)
}

func (s *Service) ownPlatform(c *gin.Context) (Platform, bool) {
	p, err := s.store.GetPlatform(c.Request.Context(), c.Param("id"))
	if err == nil && p.OrgID != s.cfg.OrgOf(c) {
		err = ErrNotFound
	}
	if err != nil {
		s.adminFail(c, storeProblem(err, "platform"))
		return p, false
	}
	return p, true
}

func (s *Service) getPlatform(c *gin.Context) {
	if p, ok := s.ownPlatform(c); ok {
		c.JSON(http.StatusOK, p)
	}
}

func (s *Service) updatePlatform(c *gin.Context) {
	p, ok := s.ownPlatform(c)
	if !ok {
		return
	}
	var in platformInput
	if err := s.decode(c, &in); err != nil {
		s.adminFail(c, err)
		return
	}
	if err := in.validate(); err != nil {
		s.adminFail(c, err)
		return
	}
	p.Name, p.Issuer, p.ClientID, p.DeploymentIDs = in.Name, in.Issuer, in.ClientID, in.DeploymentIDs
	p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience = in.JWKSURL, in.AuthURL, in.TokenURL, in.Audience
	p.AuthMethod = in.AuthMethod
	if err := s.store.UpdatePlatform(c.Request.Context(), p); err != nil {
		s.adminFail(c, storeProblem(err, "platform"))
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Service) deletePlatform(c *gin.Context) {
	if err := s.store.DeletePlatform(c.Request.Context(), s.cfg.OrgOf(c), c.Param("id")); err != nil {
		s.adminFail(c, storeProblem(err, "platform"))
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Service) rotateKey(c *gin.Context) {
	kid, err := s.RotateKey(c.Request.Context())
	if err != nil {
		s.adminFail(c, err)
		return
	}
	s.log.Info("lti: tool key rotated", "kid", kid)
	c.JSON(http.StatusOK, gin.H{"kid": kid})
}

func (s *Service) listWebhooks(c *gin.Context) {
	list, err := s.store.ListWebhooks(c.Request.Context(), s.cfg.OrgOf(c))
	if err != nil {
		s.adminFail(c, err)
		return
	}
	out := make([]Webhook, 0, len(list))
	for _, w := range list {
		w.Secret = ""
		out = append(out, w)
	}
	c.JSON(http.StatusOK, gin.H{"webhooks": out})
}

func (s *Service) createWebhook(c *gin.Context) {
	var in struct {
		URL string `json:"url"`
	}
	if err := s.decode(c, &in); err != nil {
		s.adminFail(c, err)
		return
	}
	if err := checkURL("url", in.URL); err != nil {
		s.adminFail(c, err)
		return
	}
	w := Webhook{ID: newID("hook"), OrgID: s.cfg.OrgOf(c), URL: in.URL, Secret: "whsec_" + randomToken(24), Created: s.now()}
	if w.OrgID == "" {
		s.adminFail(c, errors.New("lti: Config.OrgOf returned no organisation"))
		return
	}
	if err := s.store.CreateWebhook(c.Request.Context(), w); err != nil {
		s.adminFail(c, err)
		return
	}
	c.JSON(http.StatusCreated, w)
}

func (s *Service) deleteWebhook(c *gin.Context) {
	if err := s.store.DeleteWebhook(c.Request.Context(), s.cfg.OrgOf(c), c.Param("id")); err != nil {
		s.adminFail(c, storeProblem(err, "webhook"))
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Service) listDeliveries(c *gin.Context) {
	ctx := c.Request.Context()
	org := s.cfg.OrgOf(c)
	if _, err := s.store.GetWebhook(ctx, org, c.Param("id")); err != nil {
		s.adminFail(c, storeProblem(err, "webhook"))
		return
	}
	list, err := s.store.ListDeliveries(ctx, org, c.Param("id"))
	if err != nil {
		s.adminFail(c, err)
		return
	}
	type withAttempts struct {
		Delivery
		AttemptLog []Attempt `json:"attempt_log"`
	}
	out := make([]withAttempts, 0, len(list))
	for _, d := range list {
		a, err := s.store.Attempts(ctx, d.ID)
		if err != nil {
			s.adminFail(c, err)
			return
		}
		out = append(out, withAttempts{d, a})
	}
	c.JSON(http.StatusOK, gin.H{"deliveries": out})
}

func (s *Service) listScores(c *gin.Context) {
	list, err := s.store.ListScores(c.Request.Context(), s.cfg.OrgOf(c))
	if err != nil {
		s.adminFail(c, err)
		return
	}
	type row struct {
		ID             string          `json:"id"`
		PlatformID     string          `json:"platform_id"`
		ResourceLinkID string          `json:"resource_link_id"`
		SubmissionID   string          `json:"submission_id"`
		Score          json.RawMessage `json:"score"`
		Status         string          `json:"status"`
		Attempts       int             `json:"attempts"`
		NextAttempt    any             `json:"next_attempt,omitempty"`
		LastError      string          `json:"last_error,omitempty"`
		Created        any             `json:"created"`
		Done           any             `json:"done,omitempty"`
	}
	out := make([]row, 0, len(list))
	for _, j := range list {
		r := row{ID: j.ID, PlatformID: j.PlatformID, ResourceLinkID: j.ResourceLinkID, SubmissionID: j.SubmissionID,
			Score: j.Score, Status: j.Status, Attempts: j.Attempts, LastError: j.LastError, Created: j.Created}
		if j.Status == StatusPending {
			r.NextAttempt = j.NextAttempt
		}
		if j.Done != nil {
			r.Done = *j.Done
		}
		out = append(out, r)
	}
	c.JSON(http.StatusOK, gin.H{"scores": out})
}
