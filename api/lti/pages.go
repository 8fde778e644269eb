package lti

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

var pages = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Clio: {{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}code{background:#f3f3f3;padding:0 .2em}.ref{color:#666;font-size:.9em}
table{border-collapse:collapse}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Detail}}</p>
<p>{{.Advice}}</p><p class="ref">Reference: <code>{{.Code}}</code></p></body></html>`))

var _ = template.Must(pages.New("picker").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Clio: choose an assignment</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:44em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}form{margin:.4em 0}button{padding:.3em .8em}
table{border-collapse:collapse;width:100%}td,th{padding:.4em .6em;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>Choose a Clio assignment</h1>
{{if .Assignments}}<table><tr><th>Assignment</th><th>Out of</th><th></th></tr>
{{range .Assignments}}<tr><td>{{.Title}}</td><td>{{if .MaxMark}}{{.MaxMark}}{{end}}</td><td>
<form method="post" action="{{$.Action}}"><input type="hidden" name="session" value="{{$.Session}}">
<input type="hidden" name="assignment" value="{{.ID}}"><button type="submit">Add to the course</button></form></td></tr>
{{end}}</table>{{else}}<p>Your organisation has no assignments yet.</p>{{end}}
<h2>Or create a new one</h2>
<form method="post" action="{{.Action}}"><input type="hidden" name="session" value="{{.Session}}">
<label>Title <input name="title" required maxlength="200" value="{{.SuggestedTitle}}"></label>
<button type="submit">Create and add</button></form></body></html>`))

var _ = template.Must(pages.New("autopost").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Clio: returning to your course</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="{{.Action}}">
<input type="hidden" name="JWT" value="{{.JWT}}">
<p>Returning to your course. If nothing happens, <button type="submit">continue</button>.</p></form></body></html>`))

var _ = template.Must(pages.New("authpost").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Clio: signing you in</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p>Signing you in through your LMS. If nothing happens, <button type="submit">continue</button>.</p></form></body></html>`))

// refusal is a launch or login failure: what the person sees and the
// reason logged.
type refusal struct {
	status int
	code   string // stable, short, shown and logged
	title  string
	detail string
	err    error
}

func (r *refusal) Error() string {
	if r.err != nil {
		return r.code + ": " + r.err.Error()
	}
	return r.code + ": " + r.detail
}

func (r *refusal) Unwrap() error { return r.err }

func refuse(status int, code, title, detail string, err error) *refusal {
	return &refusal{status: status, code: code, title: title, detail: detail, err: err}
}

// fail logs a refusal and shows its page. No session is created.
func (s *Service) fail(c *gin.Context, r *refusal, attrs ...any) {
	args := append([]any{"code", r.code, "status", r.status, "path", c.Request.URL.Path, "remote", c.ClientIP()}, attrs...)
	if r.err != nil {
		args = append(args, "error", r.err.Error())
	}
	if r.status >= 500 {
		s.log.Error("lti: request failed", args...)
	} else {
		s.log.Warn("lti: request refused", args...)
	}
	advice := "Go back to your course and open the activity again. If this keeps happening, tell your teacher or your LMS administrator and quote the reference below."
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(r.status)
	_ = pages.ExecuteTemplate(c.Writer, "error", map[string]string{
		"Title": r.title, "Detail": r.detail, "Advice": advice, "Code": r.code,
	})
	c.Abort()
}

func (s *Service) render(c *gin.Context, name string, data any) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	if err := pages.ExecuteTemplate(c.Writer, name, data); err != nil {
		s.log.Error("lti: rendering page", "page", name, "error", err)
	}
}
