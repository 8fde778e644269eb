package api

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/lti/clioadapter"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// LTIOptions turns on the LMS integration (package api/lti): LTI 1.3
// launches, grade passback and webhooks. Its data is in the server's store.
type LTIOptions struct {
	// PublicURL is Clio's address as browsers and LMSs reach it
	// (https://clio.example.org); the LTI endpoints are under PublicURL/lti.
	PublicURL string
	// StartSession, when set, signs the launched user in to the web pages
	// (a session cookie on c), and the landing page then redirects straight
	// to the student's assignment or the tutor's review queue. Without it
	// the landing page says who was signed in and links to the page.
	StartSession func(c *gin.Context, u store.User) error
	// Tune, when set, may change the lti.Config before the service is
	// built (clock, retry timing, HTTP client); BaseURL, StudentURL,
	// TutorURL, OrgOf, Log, Fail and MaxBody are set by the server.
	Tune func(*lti.Config)
}

// Web page paths a launch lands on (package api/web).
const (
	webAssignmentPage = "/a/"
	webHomePage       = "/me"
	webQueuePage      = "/tutor/queue"
	ltiLandingPath    = "/lti/land"
)

// newLTI builds the LTI service over the server's store.
func (s *Server) newLTI(opt *LTIOptions) (*lti.Service, error) {
	u, err := url.Parse(opt.PublicURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("api: the public URL %q must be an absolute http(s) URL with no path", opt.PublicURL)
	}
	base := strings.TrimRight(opt.PublicURL, "/")
	cfg := lti.Config{}
	if opt.Tune != nil {
		opt.Tune(&cfg)
	}
	cfg.BaseURL = base
	cfg.StudentURL = base + ltiLandingPath
	cfg.TutorURL = base + ltiLandingPath
	cfg.OrgOf = func(c *gin.Context) string { return caller(c).User.OrgID }
	cfg.Log = s.log
	// The admin endpoints answer like the rest of the API: the same strict
	// decoder, body limit and problem+json with request ids.
	cfg.Fail = s.fail
	cfg.MaxBody = s.cfg.MaxBody
	// Over plain HTTP (local use) browsers drop Secure cookies, and the
	// login's state cookie would never come back.
	if u.Scheme == "http" {
		cfg.InsecureCookies = true
	}
	adapter := &clioadapter.Adapter{Store: s.store, DefaultRubric: rubric.DefaultID,
		MaxMark: func(ctx context.Context, orgID, rubricID string) (int, error) {
			r, _, err := s.resolveRubric(ctx, orgID, rubricID)
			if err != nil {
				return 0, err
			}
			return r.MaxMark, nil
		}}
	return lti.New(cfg, s.store, adapter)
}

// LTI is the LMS integration, or nil when it is off. Run its queue with
// RunQueue.
func (s *Server) LTI() *lti.Service { return s.lti }

var landingPage = template.Must(template.New("land").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{.Title}} · Clio</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}
a.button{display:inline-block;padding:.6rem 1rem;background:#1a5fb4;color:#fff;border-radius:.3rem;text-decoration:none}
.ref{color:#57606a;font-size:.9rem}</style></head>
<body><main><h1>{{.Title}}</h1>
{{if .Name}}<p>Your LMS signed you in to Clio as <strong>{{.Name}}</strong> ({{.Role}}).</p>{{end}}
<p>{{.Detail}}</p>
{{if .Next}}<p><a class="button" href="{{.Next}}">{{.NextLabel}}</a></p>{{end}}
{{if .Code}}<p class="ref">Reference: {{.Code}}</p>{{end}}
</main></body></html>`))

type landingData struct {
	Title, Name, Role, Detail, Next, NextLabel, Code string
}

func (s *Server) renderLanding(c *gin.Context, status int, d landingData) {
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if err := landingPage.Execute(c.Writer, d); err != nil {
		s.log.Warn("lti: rendering the landing page", "request_id", requestID(c), "error", err)
	}
}

// ltiLanding is where a launch sends the browser (?launch=TOKEN). The token
// is checked (signed by Clio, two minutes, once); the user then goes on to
// their page: a student to the assignment, a tutor to the review queue.
func (s *Server) ltiLanding(c *gin.Context) {
	ctx := c.Request.Context()
	tok := c.Query("launch")
	refuse := func(status int, code, detail string, err error) {
		level := slog.LevelWarn
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.Log(ctx, level, "lti: landing refused", "request_id", requestID(c), "code", code, "error", err)
		s.renderLanding(c, status, landingData{Title: "Clio could not sign you in", Code: code,
			Detail: detail + " Go back to your course and open the activity again; if this keeps happening, tell your teacher and quote the reference below."})
	}
	if tok == "" || len(tok) > 8<<10 {
		refuse(http.StatusBadRequest, "land.missing-token", "This page must be opened from your LMS.", nil)
		return
	}
	ls, err := s.lti.VerifyLaunchToken(ctx, tok)
	if err != nil {
		if errors.Is(err, lti.ErrBadLaunchToken) {
			refuse(http.StatusBadRequest, "land.bad-token", "The sign-in link is not valid: it expired or was already used.", err)
		} else {
			refuse(http.StatusInternalServerError, "land.store", "Clio could not check the sign-in link.", err)
		}
		return
	}
	u, err := s.store.GetUser(ctx, ls.OrgID, ls.UserID)
	if err != nil {
		refuse(http.StatusInternalServerError, "land.user", "Clio could not find your account.", err)
		return
	}
	next, label, detail := webHomePage, "Go to your work", "Continue to your work in Clio."
	switch {
	case u.Role == store.RoleTutor || u.Role == store.RoleAdmin:
		next, label, detail = webQueuePage, "Open the review queue", "Continue to the essays waiting for your review."
	case ls.AssignmentID != "":
		next, label, detail = webAssignmentPage+url.PathEscape(ls.AssignmentID), "Open the assignment", "Continue to the assignment to write or submit your essay."
	}
	s.log.Info("lti: landed", "request_id", requestID(c), "org", u.OrgID, "user", u.ID, "role", string(u.Role), "assignment", ls.AssignmentID)
	if s.ltiOpt.StartSession != nil {
		if err := s.ltiOpt.StartSession(c, u); err != nil {
			refuse(http.StatusInternalServerError, "land.session", "Clio could not start your session.", err)
			return
		}
		c.Header("Cache-Control", "no-store")
		c.Header("Referrer-Policy", "no-referrer")
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.renderLanding(c, http.StatusOK, landingData{Title: "Welcome to Clio", Name: u.Name, Role: string(u.Role),
		Detail: detail, Next: next, NextLabel: label})
}
