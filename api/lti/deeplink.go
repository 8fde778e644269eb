package lti

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	deepLinkAudience = "clio-deep-link"
	deepLinkTTL      = 30 * time.Minute
)

// deepLinkSession carries a deep-linking request from the picker page to
// the tutor's choice, signed by Clio so that nothing is kept server-side.
type deepLinkSession struct {
	Issuer       string `json:"iss"`
	Audience     string `json:"aud"`
	Expires      int64  `json:"exp"`
	PlatformID   string `json:"platform"`
	OrgID        string `json:"org"`
	UserID       string `json:"sub"`
	DeploymentID string `json:"deployment"`
	ContextID    string `json:"context,omitempty"`
	ContextTitle string `json:"context_title,omitempty"`
	ReturnURL    string `json:"return_url"`
	Data         string `json:"data,omitempty"`
	LineItems    bool   `json:"line_items"`
}

func (s *Service) deepLinkingLaunch(c *gin.Context, p Platform, t *idToken) {
	ctx := c.Request.Context()
	role := roleFromLTI(*t.Roles)
	if role != RoleTutor {
		s.fail(c, refuse(http.StatusForbidden, "deep-link.not-tutor", "Only teachers can add Clio assignments",
			"Adding a Clio assignment to a course needs a teaching role in the course.", nil), "platform", p.ID)
		return
	}
	if !slices.Contains(t.DeepLinking.AcceptTypes, "ltiResourceLink") {
		s.fail(c, refuse(http.StatusBadRequest, "deep-link.type", "This place in the LMS cannot hold a Clio assignment",
			"The LMS does not accept LTI resource links here; add Clio as an activity or assignment instead.", nil), "platform", p.ID)
		return
	}
	userID, err := s.linkUser(ctx, p, t, role)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "launch.user", "Clio could not sign you in", "Clio could not find or create your account.", err), "platform", p.ID)
		return
	}
	s.rememberMemberships(ctx, p, t)
	list, err := s.clio.ListAssignments(ctx, p.OrgID)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "deep-link.assignments", "Clio could not list assignments", "Clio could not read your organisation's assignments.", err))
		return
	}
	sess := deepLinkSession{
		Issuer: s.cfg.BaseURL, Audience: deepLinkAudience, Expires: s.now().Add(deepLinkTTL).Unix(),
		PlatformID: p.ID, OrgID: p.OrgID, UserID: userID, DeploymentID: t.DeploymentID,
		ContextID: t.contextID(), ContextTitle: t.contextTitle(), ReturnURL: t.DeepLinking.ReturnURL,
		Data: t.DeepLinking.Data, LineItems: t.AGS != nil,
	}
	signed, err := s.keys.sign(ctx, sess)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "deep-link.sign", "Clio could not continue", "Clio could not sign the request.", err))
		return
	}
	s.render(c, "picker", map[string]any{
		"Assignments": list, "Session": signed, "Action": s.cfg.BaseURL + "/lti/deep-link",
		"SuggestedTitle": t.DeepLinking.Title,
	})
}

// contentItem is an ltiResourceLink in a deep-linking response.
type contentItem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title,omitempty"`
	URL      string            `json:"url,omitempty"`
	Custom   map[string]string `json:"custom,omitempty"`
	LineItem *contentLineItem  `json:"lineItem,omitempty"`
}

type contentLineItem struct {
	ScoreMaximum float64 `json:"scoreMaximum"`
	Label        string  `json:"label"`
	ResourceID   string  `json:"resourceId,omitempty"`
	Tag          string  `json:"tag,omitempty"`
}

type deepLinkResponse struct {
	Issuer       string        `json:"iss"`
	Audience     string        `json:"aud"`
	IssuedAt     int64         `json:"iat"`
	Expires      int64         `json:"exp"`
	Nonce        string        `json:"nonce"`
	MessageType  string        `json:"https://purl.imsglobal.org/spec/lti/claim/message_type"`
	Version      string        `json:"https://purl.imsglobal.org/spec/lti/claim/version"`
	DeploymentID string        `json:"https://purl.imsglobal.org/spec/lti/claim/deployment_id"`
	ContentItems []contentItem `json:"https://purl.imsglobal.org/spec/lti-dl/claim/content_items"`
	Data         string        `json:"https://purl.imsglobal.org/spec/lti-dl/claim/data,omitempty"`
	Msg          string        `json:"https://purl.imsglobal.org/spec/lti-dl/claim/msg,omitempty"`
}

// deepLink takes the tutor's choice (an existing assignment or the title
// of a new one) and posts the signed response back to the platform.
func (s *Service) deepLink(c *gin.Context) {
	ctx := c.Request.Context()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, refuse(http.StatusBadRequest, "deep-link.bad-request", "The choice could not be read", "Clio could not read the form.", err))
		return
	}
	sess, rf := s.readDeepLinkSession(ctx, c.Request.PostForm.Get("session"))
	if rf != nil {
		s.fail(c, rf)
		return
	}
	p, err := s.store.GetPlatform(ctx, sess.PlatformID)
	if err != nil {
		s.fail(c, refuse(http.StatusBadRequest, "deep-link.platform", "This LMS is no longer registered", "The LMS registration was removed.", err))
		return
	}
	var chosen Assignment
	if id := c.Request.PostForm.Get("assignment"); id != "" {
		list, err := s.clio.ListAssignments(ctx, sess.OrgID)
		if err != nil {
			s.fail(c, refuse(http.StatusInternalServerError, "deep-link.assignments", "Clio could not list assignments", "Clio could not read your organisation's assignments.", err))
			return
		}
		for _, a := range list {
			if a.ID == id {
				chosen = a
			}
		}
		if chosen.ID == "" {
			s.fail(c, refuse(http.StatusBadRequest, "deep-link.unknown-assignment", "That assignment does not exist", "The chosen assignment is not one of your organisation's.", nil))
			return
		}
	} else {
		title := strings.TrimSpace(c.Request.PostForm.Get("title"))
		if title == "" || len(title) > 200 {
			s.fail(c, refuse(http.StatusBadRequest, "deep-link.title", "The new assignment needs a title", "Give the new assignment a title of at most 200 characters.", nil))
			return
		}
		chosen, err = s.clio.FindOrCreateAssignment(ctx, LMSActivity{OrgID: sess.OrgID, PlatformID: sess.PlatformID,
			ContextID: sess.ContextID, ContextTitle: sess.ContextTitle, ResourceLinkID: "", Title: title, CreatedBy: sess.UserID})
		if err != nil {
			s.fail(c, refuse(http.StatusInternalServerError, "deep-link.create", "Clio could not create the assignment", "Clio could not create the assignment.", err))
			return
		}
	}
	item := contentItem{Type: "ltiResourceLink", Title: chosen.Title, URL: s.LaunchURL(),
		Custom: map[string]string{CustomAssignment: chosen.ID}}
	if sess.LineItems && chosen.MaxMark > 0 {
		item.LineItem = &contentLineItem{ScoreMaximum: float64(chosen.MaxMark), Label: chosen.Title,
			ResourceID: chosen.ID, Tag: "clio"}
	}
	now := s.now()
	resp := deepLinkResponse{
		Issuer: p.ClientID, Audience: p.Issuer, IssuedAt: now.Unix(), Expires: now.Add(5 * time.Minute).Unix(),
		Nonce: randomToken(16), MessageType: MessageDeepLinkingResponse, Version: Version,
		DeploymentID: sess.DeploymentID, ContentItems: []contentItem{item}, Data: sess.Data,
		Msg: "Added the Clio assignment " + chosen.Title + ".",
	}
	jwt, err := s.keys.sign(ctx, resp)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "deep-link.sign", "Clio could not continue", "Clio could not sign the response.", err))
		return
	}
	s.log.Info("lti: deep link", "platform", p.ID, "org", sess.OrgID, "user", sess.UserID, "assignment", chosen.ID)
	s.render(c, "autopost", map[string]string{"Action": sess.ReturnURL, "JWT": jwt})
}

func (s *Service) readDeepLinkSession(ctx context.Context, token string) (deepLinkSession, *refusal) {
	var sess deepLinkSession
	bad := func(err error) (deepLinkSession, *refusal) {
		return sess, refuse(http.StatusBadRequest, "deep-link.session", "This choice has expired",
			"Go back to the LMS and start adding the activity again.", err)
	}
	if token == "" {
		return bad(nil)
	}
	payload, err := s.keys.verifyOwn(ctx, token)
	if err != nil {
		return bad(err)
	}
	if err := json.Unmarshal(payload, &sess); err != nil {
		return bad(err)
	}
	if sess.Audience != deepLinkAudience || sess.Issuer != s.cfg.BaseURL || s.now().Unix() >= sess.Expires {
		return bad(nil)
	}
	return sess, nil
}
