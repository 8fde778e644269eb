package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// essayForm is what the essay forms send back, for redisplay.
type essayForm struct {
	Text, Question, Rubric string
	Rubrics                []rubricOption
}

type rubricOption struct {
	ID, Name string
	Selected bool
}

func (h *Handler) rubricOptions(sel string) []rubricOption {
	if sel == "" {
		sel = rubric.DefaultID
	}
	var out []rubricOption
	for _, r := range h.d.Marker.Rubrics().All() {
		out = append(out, rubricOption{ID: r.ID, Name: r.Name, Selected: r.ID == sel})
	}
	return out
}

// checkText is the reason an essay cannot be marked, or "".
func (h *Handler) checkText(text, question string) string {
	switch {
	case strings.TrimSpace(text) == "":
		return "Paste or type your essay first."
	case len(text) > h.d.MaxEssay:
		return "This essay is too long for Clio: please keep it under " + kib(h.d.MaxEssay) + "."
	case !utf8.ValidString(text) || !utf8.ValidString(question):
		return "The text contains characters Clio cannot read. Copy it as plain text and try again."
	case len(question) > maxQuestion:
		return "The question is too long."
	case strings.ContainsRune(text, 0):
		return "The text contains characters Clio cannot read. Copy it as plain text and try again."
	}
	return ""
}

func kib(n int) string { return strconv.Itoa(n/1024) + " KB" }

func itoa(n int) string { return strconv.Itoa(n) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// refusal is why an essay was not marked, in words for its writer: status
// is 422 for an essay they can change, 503 when Clio is too busy.
type refusal struct {
	status int
	reason string
}

func unfit(reason string) *refusal { return &refusal{http.StatusUnprocessableEntity, reason} }

// markEssay marks one essay through the server's one marking service. A
// refusal is returned for what the writer can act on, err for Clio's own
// failures.
func (h *Handler) markEssay(ctx context.Context, req marking.Request) (*rubric.Report, *refusal, error) {
	if reason := h.checkText(req.Text, req.Question); reason != "" {
		return nil, unfit(reason), nil
	}
	if req.Rubric != "" {
		if _, ok := h.d.Marker.Rubrics().Get(req.Rubric); !ok {
			return nil, unfit("Choose one of the mark schemes listed."), nil
		}
	}
	rep, err := h.d.Marker.Mark(ctx, req)
	switch {
	case err == nil:
		return rep, nil, nil
	case errors.Is(err, marker.ErrBusy):
		return nil, &refusal{http.StatusServiceUnavailable, "Clio is marking many essays at the moment; please try again in a few seconds."}, nil
	case errors.Is(err, analysis.ErrEmpty):
		return nil, unfit("Paste or type your essay first."), nil
	case errors.Is(err, standard.ErrUnknownTopic):
		return nil, unfit("This assignment names a topic Clio does not know; tell your tutor."), nil
	case errors.Is(err, context.DeadlineExceeded):
		return nil, &refusal{http.StatusServiceUnavailable, "Clio took too long to read this essay; please try again."}, nil
	}
	var in *analysis.InputError
	if errors.As(err, &in) {
		return nil, unfit("Clio cannot read this essay: " + in.Error() + "."), nil
	}
	return nil, nil, err
}

// refusalStatus is a refusal's status, asking a client to retry when Clio was busy.
func refusalStatus(c *gin.Context, r *refusal) int {
	if r.status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "2")
	}
	return r.status
}

func (h *Handler) getRoot(c *gin.Context) {
	switch v := viewerOf(c); {
	case v.Staff():
		c.Redirect(http.StatusSeeOther, "/tutor")
	case v != nil:
		c.Redirect(http.StatusSeeOther, "/me")
	default:
		c.Redirect(http.StatusSeeOther, "/practice")
	}
}

type practiceData struct {
	Form   essayForm
	Result *resultView
}

func (h *Handler) getPractice(c *gin.Context) {
	h.render(c, http.StatusOK, "practice", page{Title: "Practise an essay", Nav: "practice",
		Data: practiceData{Form: essayForm{Rubrics: h.rubricOptions("")}}})
}

// postPractice marks an essay without storing it.
func (h *Handler) postPractice(c *gin.Context) {
	f := essayForm{Text: c.PostForm("text"), Question: strings.TrimSpace(c.PostForm("question")), Rubric: c.PostForm("rubric")}
	f.Rubrics = h.rubricOptions(f.Rubric)
	ctx, cancel := h.ctx(c)
	defer cancel()
	rep, no, err := h.markEssay(ctx, marking.Request{Text: f.Text, Question: f.Question, Rubric: f.Rubric})
	if err != nil {
		h.internal(c, "marking a practice essay", err)
		return
	}
	p := page{Title: "Practise an essay", Nav: "practice"}
	d := practiceData{Form: f}
	status := http.StatusOK
	if no != nil {
		status, p.Error = refusalStatus(c, no), no.reason
	} else {
		d.Result = newResult(f.Text, rep, true)
		p.Title = "Feedback on your essay"
	}
	p.Data = d
	h.render(c, status, "practice", p)
}

func (h *Handler) getLogin(c *gin.Context) {
	h.render(c, http.StatusOK, "login", page{Title: "Sign in", Nav: "login", Data: loginData{Next: safeNext(c.Query("next"))}})
}

type loginData struct {
	Next, Login string
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(n string) string {
	if !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") || strings.HasPrefix(n, "/\\") || len(n) > 500 {
		return ""
	}
	return n
}

// PasswordCost is the bcrypt cost of every tutor's password hash.
const PasswordCost = bcrypt.DefaultCost

// dummyHash is what an unknown login's password is checked against, at the
// cost of real hashes, so that an unknown login takes as long to refuse as
// a known one with a wrong password and the time does not tell which
// accounts exist. Made once, on first use (about 50 ms).
var dummyHash = sync.OnceValue(func() []byte {
	h, err := bcrypt.GenerateFromPassword([]byte("clio-not-a-password"), PasswordCost)
	if err != nil {
		panic(err) // only for a cost out of bcrypt's range
	}
	return h
})

func (h *Handler) postLogin(c *gin.Context) {
	login := strings.ToLower(strings.TrimSpace(c.PostForm("login")))
	pw := c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	ctx := c.Request.Context()
	account, address := loginLimit(login), passwordAddressLimit(c.ClientIP())
	blocked, err := h.tries.begin(ctx, account, address)
	if err != nil {
		h.internal(c, "counting a sign-in", err)
		return
	}
	if blocked {
		h.render(c, http.StatusTooManyRequests, "login", page{Title: "Sign in", Nav: "login",
			Error: "Too many failed attempts for this account or from this network. Wait 15 minutes and try again.",
			Data:  loginData{Next: next, Login: login}})
		return
	}
	cred, err := h.d.Store.CredentialByLogin(ctx, login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.internal(c, "reading a credential", err)
		return
	}
	hash := dummyHash()
	if err == nil {
		hash = []byte(cred.Hash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(pw)) != nil || err != nil {
		h.render(c, http.StatusUnauthorized, "login", page{Title: "Sign in", Nav: "login",
			Error: "That email and password do not match a tutor account.", Data: loginData{Next: next, Login: login}})
		return
	}
	u, err := h.d.Store.GetUser(ctx, cred.OrgID, cred.UserID)
	if err != nil {
		h.internal(c, "reading a tutor", err)
		return
	}
	if u.Role != store.RoleTutor && u.Role != store.RoleAdmin {
		h.fail(c, http.StatusForbidden, "This account is not a tutor's.")
		return
	}
	if err := h.tries.succeeded(ctx, []limit{account}, []limit{address}); err != nil {
		h.log.Warn("web: after a sign-in", "error", err)
	}
	if err := h.startSession(c, u); err != nil {
		h.internal(c, "starting a session", err)
		return
	}
	if next == "" {
		next = "/tutor"
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (h *Handler) postLoginCode(c *gin.Context) {
	code := normaliseCode(c.PostForm("code"))
	next := safeNext(c.PostForm("next"))
	ctx := c.Request.Context()
	address := codeAddressLimit(c.ClientIP())
	blocked, err := h.tries.begin(ctx, address)
	if err != nil {
		h.internal(c, "counting a sign-in", err)
		return
	}
	if blocked {
		h.render(c, http.StatusTooManyRequests, "login", page{Title: "Sign in", Nav: "login",
			Error: "Too many wrong codes from here. Wait 15 minutes, then check the code with your tutor.", Data: loginData{Next: next}})
		return
	}
	ac, err := h.d.Store.AccessCodeByHash(ctx, hashToken(code))
	if errors.Is(err, store.ErrNotFound) || code == "" {
		h.render(c, http.StatusUnauthorized, "login", page{Title: "Sign in", Nav: "login",
			Error: "That access code is not right. Check it with your tutor.", Data: loginData{Next: next}})
		return
	}
	if err != nil {
		h.internal(c, "reading an access code", err)
		return
	}
	u, err := h.d.Store.GetUser(ctx, ac.OrgID, ac.UserID)
	if err != nil {
		h.internal(c, "reading a student", err)
		return
	}
	if err := h.tries.succeeded(ctx, nil, []limit{address}); err != nil {
		h.log.Warn("web: after a sign-in", "error", err)
	}
	if err := h.startSession(c, u); err != nil {
		h.internal(c, "starting a session", err)
		return
	}
	if next == "" {
		next = "/me"
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (h *Handler) startSession(c *gin.Context, u store.User) error {
	tok := randomToken(32)
	if err := h.d.Store.PurgeSessions(c.Request.Context(), h.d.Now()); err != nil {
		h.log.Warn("web: purging expired sessions", "error", err)
	}
	s := store.Session{TokenHash: hashToken(tok), OrgID: u.OrgID, UserID: u.ID, CSRF: randomToken(32),
		Expires: h.d.Now().Add(h.d.SessionTTL)}
	if err := h.d.Store.CreateSession(c.Request.Context(), s); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, tok, int(h.d.SessionTTL.Seconds()))
	return nil
}

func (h *Handler) postLogout(c *gin.Context) {
	if v := viewerOf(c); v != nil {
		if err := h.d.Store.DeleteSession(c.Request.Context(), v.Session.TokenHash); err != nil {
			h.internal(c, "ending a session", err)
			return
		}
	}
	h.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

type homeData struct {
	Assignments []store.Assignment
	Submissions []subRow
}

type subRow struct {
	store.Submission
	Title     string
	ShowMarks bool
	// Review is the tutor's, when they have reviewed the draft.
	Review *store.Review
}

// getHome lists a student's assignments and drafts.
func (h *Handler) getHome(c *gin.Context) {
	v := viewerOf(c)
	if v.Staff() {
		c.Redirect(http.StatusSeeOther, "/tutor")
		return
	}
	ctx := c.Request.Context()
	as, err := h.d.Store.ListAssignments(ctx, v.User.OrgID, "")
	if err != nil {
		h.internal(c, "listing assignments", err)
		return
	}
	subs, err := h.d.Store.ListSubmissions(ctx, v.User.OrgID, store.SubmissionFilter{StudentID: v.User.ID})
	if err != nil {
		h.internal(c, "listing submissions", err)
		return
	}
	titles := map[string]string{}
	for _, a := range as {
		titles[a.ID] = a.Title
	}
	d := homeData{Assignments: as}
	for _, s := range subs {
		show := true
		if s.AssignmentID != "" {
			o, err := h.d.Store.AssignmentOptions(ctx, s.OrgID, s.AssignmentID)
			if err != nil {
				h.internal(c, "reading assignment options", err)
				return
			}
			show = !o.HideMarks
		}
		r, err := h.reviewOf(ctx, s)
		if err != nil {
			h.internal(c, "reading a review", err)
			return
		}
		d.Submissions = append(d.Submissions, subRow{Submission: s, Title: titles[s.AssignmentID], ShowMarks: show, Review: r})
	}
	h.render(c, http.StatusOK, "home", page{Title: "Your work", Nav: "me", Data: d})
}

type assignmentData struct {
	Assignment store.Assignment
	HideMarks  bool
	Form       essayForm
	Drafts     []store.Submission
	CanSubmit  bool
}

// loadAssignment finds an assignment of the viewer's organisation.
func (h *Handler) loadAssignment(c *gin.Context) (store.Assignment, store.AssignmentOptions, bool) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	a, err := h.d.Store.GetAssignment(ctx, v.User.OrgID, c.Param("assignmentID"))
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(c)
		return a, store.AssignmentOptions{}, false
	}
	if err != nil {
		h.internal(c, "reading an assignment", err)
		return a, store.AssignmentOptions{}, false
	}
	o, err := h.d.Store.AssignmentOptions(ctx, a.OrgID, a.ID)
	if err != nil {
		h.internal(c, "reading assignment options", err)
		return a, o, false
	}
	return a, o, true
}

func (h *Handler) assignmentPage(c *gin.Context, status int, a store.Assignment, o store.AssignmentOptions, text, reason string) {
	v := viewerOf(c)
	d := assignmentData{Assignment: a, HideMarks: o.HideMarks, CanSubmit: v.Student(), Form: essayForm{Text: text, Question: a.Question}}
	if v.Student() {
		drafts, err := h.d.Store.Drafts(c.Request.Context(), a.OrgID, v.User.ID, a.ID)
		if err != nil {
			h.internal(c, "listing drafts", err)
			return
		}
		d.Drafts = drafts
		if d.Form.Text == "" && len(drafts) > 0 {
			d.Form.Text = drafts[len(drafts)-1].Text
		}
	}
	title := a.Title
	if title == "" {
		title = "Assignment"
	}
	h.render(c, status, "assignment", page{Title: title, Nav: "me", Error: reason, Data: d})
}

func (h *Handler) getAssignment(c *gin.Context) {
	a, o, ok := h.loadAssignment(c)
	if !ok {
		return
	}
	h.assignmentPage(c, http.StatusOK, a, o, "", "")
}

// postAssignment marks and stores a student's draft, then shows it.
func (h *Handler) postAssignment(c *gin.Context) {
	v := viewerOf(c)
	if !v.Student() {
		h.fail(c, http.StatusForbidden, "Only students submit drafts. Sign in with a student's access code.")
		return
	}
	a, o, ok := h.loadAssignment(c)
	if !ok {
		return
	}
	text := c.PostForm("text")
	ctx, cancel := h.ctx(c)
	defer cancel()
	// The same text as the latest draft is the same draft sent again (a
	// refresh, Back and resend, a double click): show it, add nothing.
	drafts, err := h.d.Store.Drafts(ctx, a.OrgID, v.User.ID, a.ID)
	if err != nil {
		h.internal(c, "listing drafts", err)
		return
	}
	if n := len(drafts); n > 0 && drafts[n-1].Text == text {
		c.Redirect(http.StatusSeeOther, "/s/"+drafts[n-1].ID)
		return
	}
	rep, no, err := h.markEssay(ctx, marking.Request{Text: text, Question: a.Question, Rubric: a.Rubric, Topic: a.Topic})
	if err != nil {
		h.internal(c, "marking a draft", err)
		return
	}
	if no != nil {
		h.assignmentPage(c, refusalStatus(c, no), a, o, text, no.reason)
		return
	}
	sub, err := h.store(ctx, v.User, a.ID, text, a.Question, a.Topic, rep)
	if err != nil {
		h.internal(c, "storing a draft", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/s/"+sub.ID)
}

func (h *Handler) store(ctx context.Context, u store.User, assignmentID, text, question, topic string, rep *rubric.Report) (*store.Submission, error) {
	b, err := jsonMarshal(rep)
	if err != nil {
		return nil, err
	}
	sub := &store.Submission{ID: store.NewID("sub"), OrgID: u.OrgID, StudentID: u.ID, AssignmentID: assignmentID,
		Text: text, Question: question, Rubric: rep.Rubric.ID, Topic: topic, Level: rep.Level, Mark: rep.Mark,
		MaxMark: rep.MaxMark, Report: b, ClioVersion: rep.Versions.Clio, Analyzers: strings.Join(rep.Versions.Analyzers, ","),
		RubricVersion: rep.Versions.Rubric, Created: store.Now()}
	if err := h.d.Store.CreateSubmission(ctx, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

type submissionData struct {
	Submission store.Submission
	Assignment store.Assignment
	Result     *resultView
}

// getSubmission shows one stored draft to its student or to staff.
func (h *Handler) getSubmission(c *gin.Context) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	sub, err := h.d.Store.GetSubmission(ctx, v.User.OrgID, c.Param("submissionID"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !v.Staff() && sub.StudentID != v.User.ID) {
		h.notFound(c)
		return
	}
	if err != nil {
		h.internal(c, "reading a submission", err)
		return
	}
	d, err := h.submissionData(ctx, sub, v.Staff())
	if err != nil {
		h.internal(c, "showing a submission", err)
		return
	}
	h.render(c, http.StatusOK, "submission", page{Title: "Feedback on draft " + itoa(sub.Draft), Nav: "me", Data: d})
}

func (h *Handler) submissionData(ctx context.Context, sub store.Submission, staff bool) (submissionData, error) {
	d := submissionData{Submission: sub}
	show := true
	if sub.AssignmentID != "" {
		a, err := h.d.Store.GetAssignment(ctx, sub.OrgID, sub.AssignmentID)
		if err != nil {
			return d, err
		}
		d.Assignment = a
		o, err := h.d.Store.AssignmentOptions(ctx, sub.OrgID, sub.AssignmentID)
		if err != nil {
			return d, err
		}
		show = !o.HideMarks || staff
	}
	rep, err := decodeReport(sub.Report)
	if err != nil {
		return d, err
	}
	d.Result = newResult(sub.Text, rep, show)
	d.Result.Draft = sub.Draft
	if d.Result.Review, err = h.reviewOf(ctx, sub); err != nil {
		return d, err
	}
	if sub.Draft > 1 && sub.AssignmentID != "" {
		prev, err := h.d.Store.GetDraft(ctx, sub.OrgID, sub.StudentID, sub.AssignmentID, sub.Draft-1)
		if err != nil {
			return d, err
		}
		pr, err := h.reviewOf(ctx, prev)
		if err != nil {
			return d, err
		}
		if err := d.Result.compare(prev, pr); err != nil {
			return d, err
		}
	}
	return d, nil
}

// reviewOf is sub's review, or nil when it has none.
func (h *Handler) reviewOf(ctx context.Context, sub store.Submission) (*store.Review, error) {
	r, err := h.d.Store.GetReview(ctx, sub.OrgID, sub.ID)
	switch {
	case err == nil:
		return &r, nil
	case errors.Is(err, store.ErrNotFound):
		return nil, nil
	}
	return nil, err
}

// StartSession signs u in to the pages in this browser, as a successful
// login does. The server's LTI landing uses it to hand a launched user over
// to the pages.
func (h *Handler) StartSession(c *gin.Context, u store.User) error { return h.startSession(c, u) }
