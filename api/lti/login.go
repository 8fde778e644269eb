package lti

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

const stateCookiePrefix = "clio_lti_"

// login is the OIDC third-party login initiation: the platform names
// itself and the user; Clio remembers a state and a nonce, binds them to
// the browser with a cookie and sends the browser to the platform's
// authorisation endpoint.
func (s *Service) login(c *gin.Context) {
	ctx := c.Request.Context()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, refuse(http.StatusBadRequest, "login.bad-request", "The login request could not be read", "The LMS sent a login request Clio could not read.", err))
		return
	}
	form := c.Request.Form
	iss, hint, target := form.Get("iss"), form.Get("login_hint"), form.Get("target_link_uri")
	clientID, deployment := form.Get("client_id"), form.Get("lti_deployment_id")
	for _, p := range []struct{ name, v string }{{"iss", iss}, {"login_hint", hint}, {"target_link_uri", target}} {
		if p.v == "" {
			s.fail(c, refuse(http.StatusBadRequest, "login.missing-"+p.name, "The login request is incomplete",
				"The LMS did not send "+p.name+", which every LTI 1.3 login must carry.", nil))
			return
		}
	}
	platforms, err := s.store.PlatformsByIssuer(ctx, iss)
	if err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "login.store", "Clio could not start the login", "Clio could not read its LMS registrations.", err))
		return
	}
	var matches []Platform
	for _, p := range platforms {
		if clientID == "" || p.ClientID == clientID {
			matches = append(matches, p)
		}
	}
	switch {
	case len(matches) == 0:
		s.fail(c, refuse(http.StatusBadRequest, "login.unknown-platform", "This LMS is not registered with Clio",
			"No Clio organisation has registered the LMS "+iss+" with this client id.", nil), "iss", iss, "client_id", clientID)
		return
	case len(matches) > 1:
		s.fail(c, refuse(http.StatusBadRequest, "login.ambiguous-platform", "The LMS must name its client id",
			"Several registrations share the issuer "+iss+"; the LMS must send client_id with the login.", nil), "iss", iss)
		return
	}
	p := matches[0]
	if deployment != "" && !p.HasDeployment(deployment) {
		s.fail(c, refuse(http.StatusBadRequest, "login.unknown-deployment", "This deployment is not registered with Clio",
			"The LMS deployment "+deployment+" is not one of those registered for this LMS.", nil), "iss", iss, "deployment_id", deployment)
		return
	}
	auth, err := url.Parse(p.AuthURL)
	if err != nil || auth.Host == "" {
		s.fail(c, refuse(http.StatusInternalServerError, "login.bad-auth-url", "The LMS registration is broken",
			"The authorisation URL registered for this LMS is not a valid URL.", err), "platform", p.ID)
		return
	}
	st := LoginState{
		State:      randomToken(24),
		Nonce:      randomToken(24),
		Binding:    randomToken(24),
		PlatformID: p.ID,
		Expires:    s.now().Add(s.cfg.LoginTTL),
	}
	if err := s.store.SaveState(ctx, st); err != nil {
		s.fail(c, refuse(http.StatusInternalServerError, "login.store", "Clio could not start the login", "Clio could not save the login.", err))
		return
	}
	http.SetCookie(c.Writer, s.stateCookie(st.State, st.Binding, int(s.cfg.LoginTTL.Seconds())))

	q := url.Values{}
	if p.AuthMethod != AuthPost {
		q = auth.Query()
	}
	q.Set("scope", "openid")
	q.Set("response_type", "id_token")
	q.Set("response_mode", "form_post")
	q.Set("prompt", "none")
	q.Set("client_id", p.ClientID)
	q.Set("redirect_uri", s.LaunchURL())
	q.Set("login_hint", hint)
	q.Set("state", st.State)
	q.Set("nonce", st.Nonce)
	if m := form.Get("lti_message_hint"); m != "" {
		q.Set("lti_message_hint", m)
	}
	c.Header("Cache-Control", "no-store")
	if p.AuthMethod == AuthPost {
		// The parameters go in the form's body; any query the LMS put on
		// its authorisation URL stays on the action.
		fields := make([]formField, 0, len(q))
		for _, name := range []string{"scope", "response_type", "response_mode", "prompt", "client_id", "redirect_uri", "login_hint", "state", "nonce", "lti_message_hint"} {
			if v := q.Get(name); v != "" {
				fields = append(fields, formField{name, v})
			}
		}
		s.render(c, "authpost", map[string]any{"Action": auth.String(), "Fields": fields})
		return
	}
	auth.RawQuery = q.Encode()
	c.Redirect(http.StatusFound, auth.String())
}

// Ways of sending the browser to a platform's authorisation endpoint
// (Platform.AuthMethod). OpenID Connect Core 1.0 §3.1.2.1 requires an
// authorisation server to accept both GET and POST; a redirect (GET) is the
// default, and POST is for LMSs that take only that.
const (
	AuthGet  = "get"
	AuthPost = "post"
)

type formField struct{ Name, Value string }

// maxFormBytes caps the bodies of the browser-facing endpoints; id_tokens
// are a few kilobytes.
const maxFormBytes = 256 << 10

// stateCookie binds a login's state to the browser. SameSite=None and
// Secure let it travel in the cross-site POST from the LMS's frame.
func (s *Service) stateCookie(state, value string, maxAge int) *http.Cookie {
	c := &http.Cookie{
		Name:     stateCookiePrefix + state,
		Value:    value,
		Path:     "/lti/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   !s.cfg.InsecureCookies,
		SameSite: http.SameSiteNoneMode,
	}
	if s.cfg.InsecureCookies {
		c.SameSite = http.SameSiteLaxMode
	}
	return c
}
