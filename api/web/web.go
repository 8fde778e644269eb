package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/store"
)

//go:embed assets
var assets embed.FS

// Defaults for Deps' zero values.
const (
	DefaultMaxEssay   = 128 << 10
	DefaultSessionTTL = 12 * time.Hour
	maxForm           = 1 << 20
	maxQuestion       = 2000
	maxComment        = 4000
	maxName           = 200
	markTimeout       = 30 * time.Second
	sessionCookie     = "clio_session"
	csrfCookie        = "clio_csrf"
	// flashCookie carries a new student's access code across the redirect
	// after "Add student", to the one page that shows it, which clears it.
	flashCookie = "clio_flash"
)

// Deps is what the pages need.
type Deps struct {
	// Store is the server's one store: the pages' accounts, sessions and
	// sign-in counts are in it beside the API's data.
	Store store.Store
	// Marker is the server's one marking service (api.Server.Marker), so
	// that essays from the pages count against the same --mark-slots and
	// --mark-wait, and in the same gauges, as the API's.
	Marker *marker.Service
	Logger *slog.Logger
	// Secure marks cookies Secure (HTTPS only). Set it false only for plain
	// HTTP on localhost.
	Secure bool
	// MaxEssay caps an essay in bytes (default DefaultMaxEssay).
	MaxEssay int
	// SessionTTL is how long a sign-in lasts (default DefaultSessionTTL).
	SessionTTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Handler serves the pages. Build it with New and mount it with Register.
type Handler struct {
	d      Deps
	log    *slog.Logger
	pages  map[string]*template.Template
	static http.Handler
	tries  *throttle
}

var pageNames = []string{"practice", "login", "home", "assignment", "submission", "tutor", "queue", "review", "class", "error"}

// New checks d and parses the embedded templates.
func New(d Deps) (*Handler, error) {
	if d.Store == nil || d.Marker == nil {
		return nil, errors.New("web: Deps.Store and Deps.Marker are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.MaxEssay <= 0 {
		d.MaxEssay = DefaultMaxEssay
	}
	if d.SessionTTL <= 0 {
		d.SessionTTL = DefaultSessionTTL
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	h := &Handler{d: d, log: d.Logger, pages: map[string]*template.Template{}, tries: newThrottle(d.Store, d.Now)}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "assets/templates/layout.html", "assets/templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", name, err)
		}
		h.pages[name] = t
	}
	static, err := fs.Sub(assets, "assets/static")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h.static = http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	return h, nil
}

// Register mounts the pages on r: /, /practice, /login, /logout, /me,
// /a/:assignmentID, /s/:submissionID, /tutor/... and /static/.
func (h *Handler) Register(r gin.IRouter) {
	g := r.Group("/", h.headers, h.identify)
	g.GET("/static/*file", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		h.static.ServeHTTP(c.Writer, c.Request)
	})
	// Browsers ask for /favicon.ico on their own, and on the API's pages
	// too, which have no <link rel="icon">.
	g.GET("/favicon.ico", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=86400")
		c.Redirect(http.StatusMovedPermanently, "/static/favicon.svg")
	})
	g.GET("/", h.getRoot)
	g.GET("/practice", h.getPractice)
	g.POST("/practice", h.csrf, h.postPractice)
	g.GET("/login", h.getLogin)
	g.POST("/login", h.csrf, h.postLogin)
	g.POST("/login/code", h.csrf, h.postLoginCode)
	g.POST("/logout", h.csrf, h.postLogout)
	g.GET("/me", h.needUser, h.getHome)
	g.GET("/a/:assignmentID", h.needUser, h.getAssignment)
	g.POST("/a/:assignmentID", h.needUser, h.csrf, h.postAssignment)
	g.GET("/s/:submissionID", h.needUser, h.getSubmission)

	t := g.Group("/tutor", h.needUser, h.needTutor)
	t.GET("", h.getTutor)
	t.POST("/assignments", h.csrf, h.postTutorAssignment)
	t.POST("/students", h.csrf, h.postTutorStudent)
	t.GET("/queue", h.getQueue)
	t.GET("/review/:submissionID", h.getReview)
	t.POST("/review/:submissionID", h.csrf, h.postReview)
	t.GET("/class", h.getClass)
	t.GET("/class.csv", h.getClassCSV)
}

// Addresses is the line a server prints at start naming the pages people
// open first, under base (the public URL, or http://localhost:PORT).
func Addresses(base string) string {
	base = strings.TrimRight(base, "/")
	return "Web pages: " + base + "/practice (practise an essay, no account) and " + base + "/login (students and tutors sign in)"
}

// viewer is the signed-in person, if any.
type viewer struct {
	User    store.User
	Session store.Session
}

func (v *viewer) Staff() bool {
	return v != nil && (v.User.Role == store.RoleTutor || v.User.Role == store.RoleAdmin)
}
func (v *viewer) Student() bool { return v != nil && v.User.Role == store.RoleStudent }

const viewerKey = "web.viewer"

func viewerOf(c *gin.Context) *viewer {
	v, _ := c.Get(viewerKey)
	vw, _ := v.(*viewer)
	return vw
}

// headers sets the security headers of every page: no inline script, no
// framing, no sniffing.
func (h *Handler) headers(c *gin.Context) {
	w := c.Writer.Header()
	w.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	w.Set("X-Content-Type-Options", "nosniff")
	w.Set("X-Frame-Options", "DENY")
	w.Set("Referrer-Policy", "same-origin")
	c.Next()
}

func hashToken(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// identify loads the session named by the cookie, if it is valid.
func (h *Handler) identify(c *gin.Context) {
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 200 {
		c.Next()
		return
	}
	ctx := c.Request.Context()
	s, err := h.d.Store.SessionByHash(ctx, hashToken(ck.Value), h.d.Now())
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			h.log.Error("web: reading a session", "error", err)
		}
		c.Next()
		return
	}
	u, err := h.d.Store.GetUser(ctx, s.OrgID, s.UserID)
	if err != nil {
		c.Next()
		return
	}
	c.Set(viewerKey, &viewer{User: u, Session: s})
	c.Next()
}

func (h *Handler) needUser(c *gin.Context) {
	if viewerOf(c) == nil {
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return
	}
	c.Next()
}

func (h *Handler) needTutor(c *gin.Context) {
	if !viewerOf(c).Staff() {
		h.fail(c, http.StatusForbidden, "Only tutors can open this page.")
		c.Abort()
		return
	}
	c.Next()
}

// csrfToken is the token forms on this response must carry: the session's
// for a signed-in viewer, otherwise one kept in a cookie of its own.
func (h *Handler) csrfToken(c *gin.Context) string {
	if v := viewerOf(c); v != nil {
		return v.Session.CSRF
	}
	if ck, err := c.Request.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 && len(ck.Value) <= 64 {
		return ck.Value
	}
	tok := randomToken(32)
	h.setCookie(c, csrfCookie, tok, 0)
	return tok
}

// csrf refuses a POST whose form token does not match, or that comes from
// another origin.
func (h *Handler) csrf(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	if err := c.Request.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(c, http.StatusRequestEntityTooLarge, "That is far more text than an essay; Clio accepts up to "+kib(h.d.MaxEssay)+".")
		} else {
			h.fail(c, http.StatusBadRequest, "Clio could not read this form. Go back and try again.")
		}
		c.Abort()
		return
	}
	if o := c.GetHeader("Origin"); o != "" && o != "null" {
		if u, err := url.Parse(o); err != nil || u.Host != c.Request.Host {
			h.fail(c, http.StatusForbidden, "This form was sent from another site, so it was refused.")
			c.Abort()
			return
		}
	}
	var want string
	if v := viewerOf(c); v != nil {
		want = v.Session.CSRF
	} else if ck, err := c.Request.Cookie(csrfCookie); err == nil {
		want = ck.Value
	}
	got := c.PostForm("csrf")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		h.fail(c, http.StatusForbidden, "This form has expired or did not come from Clio. Go back, reload the page and try again.")
		c.Abort()
		return
	}
	c.Next()
}

// formID is the id of the thing a creating form makes, derived from the
// form's one-time token (page.Once) and the session's secret CSRF token: a
// form sent again (a refresh, Back and resend, a double click) names the
// same id, which the store refuses as a conflict, so nothing is made twice;
// and no one without the session can guess the id. ok is false for a
// missing or malformed token.
func formID(c *gin.Context, prefix string) (id string, ok bool) {
	once := c.PostForm("once")
	v := viewerOf(c)
	if v == nil || len(once) != 24 {
		return "", false
	}
	if _, err := base64.RawURLEncoding.DecodeString(once); err != nil {
		return "", false
	}
	sum := sha256.Sum256([]byte(v.Session.CSRF + "\x00" + prefix + "\x00" + once))
	return prefix + "_" + hex.EncodeToString(sum[:12]), true
}

func (h *Handler) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.d.Secure, SameSite: http.SameSiteLaxMode})
}

// page is what every template receives.
type page struct {
	Title  string
	Viewer *viewer
	CSRF   string
	Flash  string
	Error  string
	Nav    string
	// Once is the one-time token of the forms that create something (see
	// formID): a form sent twice creates one thing.
	Once string
	Data any
}

func (h *Handler) render(c *gin.Context, status int, name string, p page) {
	p.Viewer = viewerOf(c)
	p.CSRF = h.csrfToken(c)
	p.Once = randomToken(18)
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		h.log.Error("web: rendering", "page", name, "error", err)
		c.String(http.StatusInternalServerError, "Clio could not show this page.")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (h *Handler) fail(c *gin.Context, status int, msg string) {
	h.render(c, status, "error", page{Title: http.StatusText(status), Error: msg})
}

func (h *Handler) internal(c *gin.Context, what string, err error) {
	h.log.Error("web: "+what, "error", err, "path", c.Request.URL.Path)
	h.fail(c, http.StatusInternalServerError, "Something went wrong on Clio's side. Please try again in a moment.")
}

// notFound is also the answer for another organisation's or another
// student's rows, so ids reveal nothing.
func (h *Handler) notFound(c *gin.Context) {
	h.fail(c, http.StatusNotFound, "There is nothing here, or it is not yours to see.")
}

func (h *Handler) ctx(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), markTimeout)
}

var funcs = template.FuncMap{
	"pct": func(f float64) int { return int(f*100 + 0.5) },
	"signed": func(n int) string {
		switch {
		case n > 0:
			return fmt.Sprintf("+%d", n)
		case n < 0:
			return fmt.Sprint(n)
		}
		return "no change"
	},
	// signedf shows a change of score (0..1) in points out of 100.
	"signedf": func(f float64) string {
		switch p := int(f*100 + 0.5*sign(f)); {
		case p > 0:
			return fmt.Sprintf("+%d points", p)
		case p < 0:
			return fmt.Sprintf("%d points", p)
		}
		return "no change"
	},
	"trend": func(f float64) string { // in step with signedf's rounding
		switch {
		case f >= 0.005:
			return "up"
		case f <= -0.005:
			return "down"
		}
		return "same"
	},
	"trendi": func(n int) string {
		switch {
		case n > 0:
			return "up"
		case n < 0:
			return "down"
		}
		return "same"
	},
	"form": func(action, csrf, button string, ask bool, f essayForm) map[string]any {
		return map[string]any{"Action": action, "CSRF": csrf, "Button": button, "AskQuestion": ask, "Form": f}
	},
	"date": func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04") },
	"join": strings.Join,
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}
