package lti

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
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
	r.POST("/keys/rotate", s.rotateKey)
	r.GET("/webhooks", s.listWebhooks)
	r.POST("/webhooks", s.createWebhook)
	r.DELETE("/webhooks/:id", s.deleteWebhook)
	r.GET("/webhooks/:id/deliveries", s.listDeliveries)
	r.GET("/scores", s.listScores)
}

const problemBase = "https://clio-history.github.io/problems/"

// problem writes an RFC 9457 problem document.
func (s *Service) problem(c *gin.Context, status int, kind, detail string, err error) {
	if status >= 500 {
		s.log.Error("lti: admin request failed", "path", c.Request.URL.Path, "error", err)
		detail = "Something went wrong on Clio's side."
	}
	c.Header("Content-Type", "application/problem+json")
	c.Status(status)
	_ = json.NewEncoder(c.Writer).Encode(map[string]any{
		"type": problemBase + kind, "title": http.StatusText(status), "status": status, "detail": detail,
	})
	c.Abort()
}

func (s *Service) storeProblem(c *gin.Context, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		s.problem(c, http.StatusNotFound, "not-found", "There is no such item in your organisation.", err)
	case errors.Is(err, ErrConflict):
		s.problem(c, http.StatusConflict, "conflict", "A platform with this issuer and client id is already registered.", err)
	default:
		s.problem(c, http.StatusInternalServerError, "internal", "", err)
	}
}

func decodeStrict(c *gin.Context, v any) error {
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not valid JSON for this endpoint: %w", err)
	}
	return nil
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
}

// checkURL accepts https URLs, and http ones only on the loopback
// interface (for local testing).
func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%s must be an absolute URL", field)
	}
	if u.Scheme == "https" {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback())) {
		return nil
	}
	return fmt.Errorf("%s must use https", field)
}

func (in platformInput) validate() error {
	if strings.TrimSpace(in.Issuer) == "" || strings.TrimSpace(in.ClientID) == "" {
		return errors.New("issuer and client_id are required")
	}
	if len(in.DeploymentIDs) == 0 {
		return errors.New("deployment_ids needs at least one deployment id")
	}
	for _, d := range in.DeploymentIDs {
		if strings.TrimSpace(d) == "" || len(d) > 255 {
			return errors.New("each deployment id must be 1 to 255 characters")
		}
	}
	for _, f := range []struct{ name, v string }{{"jwks_url", in.JWKSURL}, {"auth_url", in.AuthURL}, {"token_url", in.TokenURL}} {
		if err := checkURL(f.name, f.v); err != nil {
			return err
		}
	}
	if len(in.Name) > 200 || len(in.Issuer) > 500 || len(in.ClientID) > 255 {
		return errors.New("name, issuer or client_id is too long")
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
		s.storeProblem(c, err)
		return
	}
	if list == nil {
		list = []Platform{}
	}
	c.JSON(http.StatusOK, gin.H{"platforms": list})
}

func (s *Service) createPlatform(c *gin.Context) {
	var in platformInput
	if err := decodeStrict(c, &in); err != nil {
		s.problem(c, http.StatusBadRequest, "bad-request", err.Error(), err)
		return
	}
	if err := in.validate(); err != nil {
		s.problem(c, http.StatusUnprocessableEntity, "invalid", err.Error(), err)
		return
	}
	p := Platform{ID: newID("plat"), OrgID: s.cfg.OrgOf(c), Name: in.Name, Issuer: in.Issuer, ClientID: in.ClientID,
		DeploymentIDs: in.DeploymentIDs, JWKSURL: in.JWKSURL, AuthURL: in.AuthURL, TokenURL: in.TokenURL,
		Audience: in.Audience, Created: s.now()}
	if p.OrgID == "" {
		s.problem(c, http.StatusInternalServerError, "internal", "", errors.New("lti: Config.OrgOf returned no organisation"))
		return
	}
	if err := s.store.CreatePlatform(c.Request.Context(), p); err != nil {
		s.storeProblem(c, err)
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
		s.storeProblem(c, err)
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
	if err := decodeStrict(c, &in); err != nil {
		s.problem(c, http.StatusBadRequest, "bad-request", err.Error(), err)
		return
	}
	if err := in.validate(); err != nil {
		s.problem(c, http.StatusUnprocessableEntity, "invalid", err.Error(), err)
		return
	}
	p.Name, p.Issuer, p.ClientID, p.DeploymentIDs = in.Name, in.Issuer, in.ClientID, in.DeploymentIDs
	p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience = in.JWKSURL, in.AuthURL, in.TokenURL, in.Audience
	if err := s.store.UpdatePlatform(c.Request.Context(), p); err != nil {
		s.storeProblem(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Service) deletePlatform(c *gin.Context) {
	if err := s.store.DeletePlatform(c.Request.Context(), s.cfg.OrgOf(c), c.Param("id")); err != nil {
		s.storeProblem(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Service) rotateKey(c *gin.Context) {
	kid, err := s.RotateKey(c.Request.Context())
	if err != nil {
		s.storeProblem(c, err)
		return
	}
	s.log.Info("lti: tool key rotated", "kid", kid)
	c.JSON(http.StatusOK, gin.H{"kid": kid})
}

func (s *Service) listWebhooks(c *gin.Context) {
	list, err := s.store.ListWebhooks(c.Request.Context(), s.cfg.OrgOf(c))
	if err != nil {
		s.storeProblem(c, err)
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
	if err := decodeStrict(c, &in); err != nil {
		s.problem(c, http.StatusBadRequest, "bad-request", err.Error(), err)
		return
	}
	if err := checkURL("url", in.URL); err != nil {
		s.problem(c, http.StatusUnprocessableEntity, "invalid", err.Error(), err)
		return
	}
	w := Webhook{ID: newID("hook"), OrgID: s.cfg.OrgOf(c), URL: in.URL, Secret: "whsec_" + randomToken(24), Created: s.now()}
	if w.OrgID == "" {
		s.problem(c, http.StatusInternalServerError, "internal", "", errors.New("lti: Config.OrgOf returned no organisation"))
		return
	}
	if err := s.store.CreateWebhook(c.Request.Context(), w); err != nil {
		s.storeProblem(c, err)
		return
	}
	c.JSON(http.StatusCreated, w)
}

func (s *Service) deleteWebhook(c *gin.Context) {
	if err := s.store.DeleteWebhook(c.Request.Context(), s.cfg.OrgOf(c), c.Param("id")); err != nil {
		s.storeProblem(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Service) listDeliveries(c *gin.Context) {
	ctx := c.Request.Context()
	org := s.cfg.OrgOf(c)
	if _, err := s.store.GetWebhook(ctx, org, c.Param("id")); err != nil {
		s.storeProblem(c, err)
		return
	}
	list, err := s.store.ListDeliveries(ctx, org, c.Param("id"))
	if err != nil {
		s.storeProblem(c, err)
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
			s.storeProblem(c, err)
			return
		}
		out = append(out, withAttempts{d, a})
	}
	c.JSON(http.StatusOK, gin.H{"deliveries": out})
}

func (s *Service) listScores(c *gin.Context) {
	list, err := s.store.ListScores(c.Request.Context(), s.cfg.OrgOf(c))
	if err != nil {
		s.storeProblem(c, err)
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
