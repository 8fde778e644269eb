package lti

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"
)

// maxIDTokenAge is how old an id_token's iat may be.
const maxIDTokenAge = time.Hour

// launch receives the platform's id_token, checks it and the login it
// answers, maps the LMS person and activity to Clio and sends the browser on
// with a launch token.
func (s *Service) launch(c *gin.Context) {
	ctx := c.Request.Context()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, refuse(http.StatusBadRequest, "launch.bad-request", "The launch could not be read", "The LMS sent a launch Clio could not read.", err))
		return
	}
	form := c.Request.PostForm
	if e := form.Get("error"); e != "" {
		s.fail(c, refuse(http.StatusBadRequest, "launch.platform-error", "The LMS refused the login",
			"The LMS answered the login with the error "+e+": "+form.Get("error_description"), nil))
		return
	}
	state, raw := form.Get("state"), form.Get("id_token")
	if state == "" || raw == "" {
		s.fail(c, refuse(http.StatusBadRequest, "launch.incomplete", "The launch is incomplete",
			"The launch must carry both state and id_token.", nil))
		return
	}
	st, err := s.store.TakeState(ctx, state, s.now())
	if err != nil {
		detail := "This launch does not match a login Clio started, or the login took too long."
		if errors.Is(err, ErrUsed) {
			detail = "This launch was already used. Each launch works once; open the activity again."
		}
		s.fail(c, refuse(http.StatusBadRequest, "launch.state", "The launch could not be matched to a login", detail, err))
		return
	}
	cookie, err := c.Request.Cookie(stateCookiePrefix + state)
	if err != nil || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(st.Binding)) != 1 {
		s.fail(c, refuse(http.StatusBadRequest, "launch.state-cookie", "The launch came from another browser session",
			"The login was started in a different browser, or the browser blocked Clio's cookie. Allow third-party cookies for Clio or open the activity in a new window.", err))
		return
	}
	http.SetCookie(c.Writer, s.stateCookie(state, "", -1))

	p, err := s.store.GetPlatform(ctx, st.PlatformID)
	if err != nil {
		s.fail(c, refuse(http.StatusBadRequest, "launch.platform", "This LMS is no longer registered", "The LMS registration for this login was removed.", err))
		return
	}
	tok, rf := s.verifyIDToken(ctx, p, raw, st.Nonce)
	if rf != nil {
		s.fail(c, rf, "platform", p.ID, "iss", p.Issuer)
		return
	}
	if err := s.store.UseNonce(ctx, tok.Nonce, s.now().Add(maxIDTokenAge+s.cfg.Leeway)); errors.Is(err, ErrUsed) {
		s.fail(c, refuse(http.StatusBadRequest, "launch.nonce-replayed", "This launch was already used",
			"The LMS's token has been presented before; each works once.", err), "platform", p.ID)
		return
	} else if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "launch.store", "Clio could not sign you in", "Clio could not record the launch.", err), "platform", p.ID)
		return
	}
	switch tok.MessageType {
	case MessageResourceLink:
		s.resourceLinkLaunch(c, p, tok)
	case MessageDeepLinkingRequest:
		s.deepLinkingLaunch(c, p, tok)
	}
}

// verifyIDToken checks the signature and every claim Clio relies on.
func (s *Service) verifyIDToken(ctx context.Context, p Platform, raw, nonce string) (*idToken, *refusal) {
	bad := func(code, detail string, err error) (*idToken, *refusal) {
		return nil, refuse(http.StatusBadRequest, "launch."+code, "The launch could not be verified", detail, err)
	}
	kid, err := tokenKID(raw)
	if err != nil {
		return bad("token-format", "The LMS's token is not an RS256-signed JWT with a key id.", err)
	}
	key, err := s.plat.key(ctx, p.JWKSURL, kid)
	if errors.Is(err, errUnknownKID) {
		return bad("unknown-key", "The LMS signed the token with a key it does not publish.", err)
	}
	if err != nil {
		return nil, refuse(http.StatusBadGateway, "launch.platform-keys", "Clio could not check the launch",
			"Clio could not fetch the LMS's public keys. Try again shortly; if it persists, the LMS administrator should check the keyset URL registered in Clio.", err)
	}
	payload, err := jws.Verify([]byte(raw), jws.WithKey(jwa.RS256(), key))
	if err != nil {
		return bad("signature", "The token's signature does not match the LMS's key.", err)
	}
	var t idToken
	if err := json.Unmarshal(payload, &t); err != nil {
		return bad("claims", "The token's claims could not be read.", err)
	}
	now := s.now()
	switch {
	case t.Issuer != p.Issuer:
		return bad("issuer", "The token was issued by "+t.Issuer+", not by the LMS that started the login.", nil)
	case !t.Audience.has(p.ClientID):
		return bad("audience", "The token is addressed to another tool.", nil)
	case len(t.Audience) > 1 && t.AZP == "":
		return bad("azp", "The token has several audiences but no authorised party (azp).", nil)
	case t.AZP != "" && t.AZP != p.ClientID:
		return bad("azp", "The token's authorised party is another tool.", nil)
	case t.Expires == nil || t.IssuedAt == nil:
		return bad("missing-claim", "The token lacks exp or iat.", nil)
	case !now.Before(unixTime(*t.Expires).Add(s.cfg.Leeway)):
		return bad("expired", "The token has expired.", nil)
	case unixTime(*t.IssuedAt).After(now.Add(s.cfg.Leeway)):
		return bad("issued-in-future", "The token claims to be issued in the future; check the LMS's clock.", nil)
	case now.Sub(unixTime(*t.IssuedAt)) > maxIDTokenAge:
		return bad("too-old", "The token was issued too long ago.", nil)
	case t.Nonce == "" || subtle.ConstantTimeCompare([]byte(t.Nonce), []byte(nonce)) != 1:
		return bad("nonce", "The token does not answer the login Clio started.", nil)
	case t.Version != Version:
		return bad("version", fmt.Sprintf("The token is LTI version %q; Clio speaks %s.", t.Version, Version), nil)
	case t.MessageType != MessageResourceLink && t.MessageType != MessageDeepLinkingRequest:
		return bad("message-type", fmt.Sprintf("Clio does not handle LTI messages of type %q.", t.MessageType), nil)
	case t.DeploymentID == "":
		return bad("missing-claim", "The token lacks the deployment id.", nil)
	case !p.HasDeployment(t.DeploymentID):
		return bad("deployment", "The deployment "+t.DeploymentID+" is not registered with Clio for this LMS.", nil)
	case t.Subject == "":
		return bad("missing-claim", "The token does not say who the user is (sub); anonymous launches are not supported.", nil)
	case t.Roles == nil:
		return bad("missing-claim", "The token lacks the roles claim.", nil)
	}
	if t.MessageType == MessageResourceLink {
		if t.ResourceLink == nil || t.ResourceLink.ID == "" {
			return bad("missing-claim", "The token lacks the resource link id.", nil)
		}
		if t.TargetLink == "" {
			return bad("missing-claim", "The token lacks the target link URI.", nil)
		}
	} else if t.DeepLinking == nil || t.DeepLinking.ReturnURL == "" {
		return bad("missing-claim", "The deep-linking request lacks its settings or return URL.", nil)
	}
	return &t, nil
}

func unixTime(v float64) time.Time {
	if math.IsNaN(v) || math.IsInf(v, 0) || v > 1e12 || v < -1e12 {
		return time.Time{}
	}
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// linkUser finds or creates the Clio user for the launch.
func (s *Service) linkUser(ctx context.Context, p Platform, t *idToken, role Role) (string, error) {
	linked, err := s.store.LinkedID(ctx, p.ID, LinkUser, t.Subject)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	id, err := s.clio.FindOrCreateUser(ctx, LMSUser{OrgID: p.OrgID, PlatformID: p.ID, Subject: t.Subject,
		Name: t.displayName(), Email: t.Email, Role: role, LinkedID: linked})
	if err != nil {
		return "", fmt.Errorf("finding the Clio user: %w", err)
	}
	if id != linked {
		if err := s.store.Link(ctx, p.ID, LinkUser, t.Subject, id); err != nil {
			return "", err
		}
	}
	return id, nil
}

func (t *idToken) contextTitle() string {
	if t.Context == nil {
		return ""
	}
	if t.Context.Title != "" {
		return t.Context.Title
	}
	return t.Context.Label
}

func (t *idToken) contextID() string {
	if t.Context == nil {
		return ""
	}
	return t.Context.ID
}

func (s *Service) resourceLinkLaunch(c *gin.Context, p Platform, t *idToken) {
	ctx := c.Request.Context()
	role := roleFromLTI(*t.Roles)
	userID, err := s.linkUser(ctx, p, t, role)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "launch.user", "Clio could not sign you in", "Clio could not find or create your account.", err), "platform", p.ID)
		return
	}
	assignmentID, err := s.assignmentFor(ctx, p, t, userID)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "launch.assignment", "Clio could not open the assignment", "Clio could not find or create the assignment for this activity.", err), "platform", p.ID)
		return
	}
	if t.Context != nil && t.Context.ID != "" {
		if err := s.store.Link(ctx, p.ID, LinkContext, t.Context.ID, t.contextTitle()); err != nil {
			s.log.Warn("lti: linking the course", "platform", p.ID, "error", err)
		}
	}
	s.rememberMemberships(ctx, p, t)
	dest := s.cfg.StudentURL
	if role == RoleTutor {
		dest = s.cfg.TutorURL
	}
	lt, err := s.issueLaunchToken(ctx, LaunchSession{OrgID: p.OrgID, UserID: userID, Role: role,
		AssignmentID: assignmentID, PlatformID: p.ID, ContextID: t.contextID()})
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "launch.token", "Clio could not sign you in", "Clio could not sign the launch.", err))
		return
	}
	s.log.Info("lti: launch", "platform", p.ID, "org", p.OrgID, "user", userID, "role", role, "assignment", assignmentID)
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, withQuery(dest, "launch", lt))
}

// assignmentFor maps the resource link to an assignment: a link seen
// before keeps its assignment; a deep-linked one names it in a custom
// parameter; otherwise Clio creates one.
func (s *Service) assignmentFor(ctx context.Context, p Platform, t *idToken, userID string) (string, error) {
	rl := ResourceLink{
		PlatformID: p.ID, ResourceLinkID: t.ResourceLink.ID, OrgID: p.OrgID, DeploymentID: t.DeploymentID,
		ContextID: t.contextID(), Title: t.ResourceLink.Title, Updated: s.now(),
	}
	if t.AGS != nil {
		rl.LineItemsURL, rl.LineItemURL, rl.Scopes = t.AGS.LineItems, t.AGS.LineItem, t.AGS.Scope
	}
	old, err := s.store.GetResourceLink(ctx, p.ID, rl.ResourceLinkID)
	switch {
	case err == nil && old.OrgID == p.OrgID:
		rl.AssignmentID = old.AssignmentID
	case err != nil && !errors.Is(err, ErrNotFound):
		return "", err
	}
	if rl.AssignmentID == "" {
		if want := t.custom(CustomAssignment); want != "" {
			list, err := s.clio.ListAssignments(ctx, p.OrgID)
			if err != nil {
				return "", err
			}
			for _, a := range list {
				if a.ID == want {
					rl.AssignmentID = a.ID
				}
			}
		}
	}
	if rl.AssignmentID == "" {
		title := rl.Title
		if title == "" {
			title = "LMS activity " + rl.ResourceLinkID
		}
		a, err := s.clio.FindOrCreateAssignment(ctx, LMSActivity{OrgID: p.OrgID, PlatformID: p.ID,
			ContextID: rl.ContextID, ContextTitle: t.contextTitle(), ResourceLinkID: rl.ResourceLinkID,
			Title: title, CreatedBy: userID})
		if err != nil {
			return "", err
		}
		rl.AssignmentID = a.ID
	}
	if err := s.store.SaveResourceLink(ctx, rl); err != nil {
		return "", err
	}
	return rl.AssignmentID, nil
}

func withQuery(dest, name, value string) string {
	u, err := url.Parse(dest)
	if err != nil {
		sep := "?"
		if strings.Contains(dest, "?") {
			sep = "&"
		}
		return dest + sep + name + "=" + url.QueryEscape(value)
	}
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// LaunchSession is who a launch signed in and where they are going.
type LaunchSession struct {
	OrgID        string `json:"org"`
	UserID       string `json:"sub"`
	Role         Role   `json:"role"`
	AssignmentID string `json:"assignment,omitempty"`
	PlatformID   string `json:"platform"`
	ContextID    string `json:"context,omitempty"`
}

const (
	launchAudience = "clio-launch"
	launchTTL      = 2 * time.Minute
)

type launchClaims struct {
	LaunchSession
	Issuer   string `json:"iss"`
	Audience string `json:"aud"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
	ID       string `json:"jti"`
}

func (s *Service) issueLaunchToken(ctx context.Context, ls LaunchSession) (string, error) {
	now := s.now()
	return s.keys.sign(ctx, launchClaims{LaunchSession: ls, Issuer: s.cfg.BaseURL, Audience: launchAudience,
		IssuedAt: now.Unix(), Expires: now.Add(launchTTL).Unix(), ID: randomToken(16)})
}

// Errors of VerifyLaunchToken.
var ErrBadLaunchToken = errors.New("lti: invalid launch token")

// VerifyLaunchToken checks a token a launch put on the landing URL and
// returns its session. Each token works once and for two minutes; the
// server then starts its own session for the user.
func (s *Service) VerifyLaunchToken(ctx context.Context, token string) (LaunchSession, error) {
	payload, err := s.keys.verifyOwn(ctx, token)
	if err != nil {
		return LaunchSession{}, fmt.Errorf("%w: %w", ErrBadLaunchToken, err)
	}
	var lc launchClaims
	if err := json.Unmarshal(payload, &lc); err != nil {
		return LaunchSession{}, fmt.Errorf("%w: %w", ErrBadLaunchToken, err)
	}
	now := s.now()
	switch {
	case lc.Audience != launchAudience || lc.Issuer != s.cfg.BaseURL:
		return LaunchSession{}, fmt.Errorf("%w: not a launch token", ErrBadLaunchToken)
	case now.Unix() >= lc.Expires:
		return LaunchSession{}, fmt.Errorf("%w: expired", ErrBadLaunchToken)
	case lc.ID == "" || lc.UserID == "" || lc.OrgID == "":
		return LaunchSession{}, fmt.Errorf("%w: incomplete", ErrBadLaunchToken)
	}
	if err := s.store.UseNonce(ctx, "launch:"+lc.ID, time.Unix(lc.Expires, 0)); err != nil {
		return LaunchSession{}, fmt.Errorf("%w: %w", ErrBadLaunchToken, err)
	}
	return lc.LaunchSession, nil
}
