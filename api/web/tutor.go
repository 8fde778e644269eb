package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// MinPassword is the shortest tutor password accepted.
const MinPassword = 10

// ErrLoginTaken is returned when a tutor's login is already used.
var ErrLoginTaken = errors.New("web: login already taken")

// AddTutor creates a tutor in org with a login (an email address, kept in
// lower case) and a password, hashed with bcrypt at PasswordCost. The user
// and the login are written in one transaction.
func AddTutor(ctx context.Context, st store.Store, orgID, name, login, password string) (store.User, error) {
	return addTutor(ctx, st, orgID, name, login, password, PasswordCost)
}

func addTutor(ctx context.Context, st store.Store, orgID, name, login, password string, cost int) (store.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if login == "" || len(login) > maxName {
		return store.User{}, errors.New("web: a tutor needs a login of at most 200 bytes")
	}
	if len(password) < MinPassword || len(password) > 72 {
		return store.User{}, fmt.Errorf("web: a password needs %d to 72 bytes", MinPassword)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return store.User{}, fmt.Errorf("web: hashing a password: %w", err)
	}
	u := store.User{ID: store.NewID("usr"), OrgID: orgID, Name: name, Email: login, Role: store.RoleTutor, Created: store.Now()}
	err = st.CreateUserWithCredential(ctx, u, store.Credential{Login: login, OrgID: orgID, UserID: u.ID, Hash: string(hash)})
	switch {
	case errors.Is(err, store.ErrConflict):
		return store.User{}, fmt.Errorf("%w: %s", ErrLoginTaken, login)
	case err != nil:
		return store.User{}, fmt.Errorf("web: creating a tutor: %w", err)
	}
	return u, nil
}

// AddStudent creates a student in org and returns their access code, which
// is shown once: only its hash is kept. The student and the code are
// written in one transaction.
func AddStudent(ctx context.Context, st store.Store, orgID, name string) (store.User, string, error) {
	return addStudent(ctx, st, orgID, store.NewID("usr"), name)
}

// addStudent is AddStudent with the student's id given; a used id is
// store.ErrConflict.
func addStudent(ctx context.Context, st store.Store, orgID, id, name string) (store.User, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxName || !utf8.ValidString(name) {
		return store.User{}, "", errors.New("web: a student needs a name of at most 200 bytes")
	}
	u := store.User{ID: id, OrgID: orgID, Name: name, Role: store.RoleStudent, Created: store.Now()}
	code := newCode()
	err := st.CreateUserWithAccessCode(ctx, u, store.AccessCode{Hash: hashToken(normaliseCode(code)), OrgID: orgID, UserID: u.ID, Created: store.Now()})
	if err != nil {
		return store.User{}, "", fmt.Errorf("web: creating a student: %w", err)
	}
	return u, code, nil
}

// codeAlphabet leaves out letters and digits that are easy to confuse.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newCode is 12 characters (60 bits) in groups of four: ABCD-EFGH-JKLM.
func newCode() string {
	var tok [12]byte
	if _, err := rand.Read(tok[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	var b strings.Builder
	for i := 0; i < 12; i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[int(tok[i])%len(codeAlphabet)]) // 256 is a multiple of 32: uniform
	}
	return b.String()
}

// normaliseCode accepts codes typed in any case, with or without dashes
// and spaces.
func normaliseCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != '-' && r != ' ' {
			b.WriteRune(r)
		}
	}
	if b.Len() > 64 {
		return ""
	}
	return b.String()
}

type tutorData struct {
	Assignments []assignmentRow
	Students    []store.User
	NewCode     string
	NewStudent  string
	Form        assignmentForm
}

type assignmentRow struct {
	store.Assignment
	Link      string
	HideMarks bool
}

type assignmentForm struct {
	Title, Question, Topic, Class string
	HideMarks                     bool
	Rubrics                       []rubricOption
}

func (h *Handler) baseURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil || h.d.Secure {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func (h *Handler) tutorPage(c *gin.Context, status int, p page, d tutorData) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	as, err := h.d.Store.ListAssignments(ctx, v.User.OrgID, "")
	if err != nil {
		h.internal(c, "listing assignments", err)
		return
	}
	for _, a := range as {
		o, err := h.d.Store.AssignmentOptions(ctx, a.OrgID, a.ID)
		if err != nil {
			h.internal(c, "reading assignment options", err)
			return
		}
		d.Assignments = append(d.Assignments, assignmentRow{Assignment: a, Link: h.baseURL(c) + "/a/" + a.ID, HideMarks: o.HideMarks})
	}
	if d.Students, err = h.d.Store.ListUsers(ctx, v.User.OrgID, store.RoleStudent); err != nil {
		h.internal(c, "listing students", err)
		return
	}
	if d.Form.Rubrics == nil {
		d.Form.Rubrics = h.rubricOptions("")
	}
	p.Title, p.Nav, p.Data = "Assignments and students", "tutor", d
	h.render(c, status, "tutor", p)
}

// getTutor shows the assignments and students, with what the last form
// made: ?created= names a new assignment, and the flash cookie a new
// student's access code, shown once and then forgotten.
func (h *Handler) getTutor(c *gin.Context) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	var p page
	var d tutorData
	if id := c.Query("created"); id != "" && len(id) <= 100 {
		if a, err := h.d.Store.GetAssignment(ctx, v.User.OrgID, id); err == nil {
			p.Flash = "Assignment created. Share its link with your class: " + h.baseURL(c) + "/a/" + a.ID
		}
	}
	if id := c.Query("added"); id != "" && len(id) <= 100 {
		if u, err := h.d.Store.GetUser(ctx, v.User.OrgID, id); err == nil && u.Role == store.RoleStudent {
			d.NewStudent = u.Name
			d.NewCode = h.takeCode(c, u)
		}
	}
	h.tutorPage(c, http.StatusOK, p, d)
}

// takeCode reads and clears the flash cookie, returning the access code it
// holds when that code really is u's.
func (h *Handler) takeCode(c *gin.Context, u store.User) string {
	ck, err := c.Request.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/tutor", MaxAge: -1,
		HttpOnly: true, Secure: h.d.Secure, SameSite: http.SameSiteStrictMode})
	code := ck.Value
	ac, err := h.d.Store.AccessCodeByHash(c.Request.Context(), hashToken(normaliseCode(code)))
	if err != nil || ac.UserID != u.ID || ac.OrgID != u.OrgID {
		return ""
	}
	return code
}

func (h *Handler) postTutorAssignment(c *gin.Context) {
	v := viewerOf(c)
	f := assignmentForm{Title: strings.TrimSpace(c.PostForm("title")), Question: strings.TrimSpace(c.PostForm("question")),
		Topic: strings.TrimSpace(c.PostForm("topic")), Class: strings.TrimSpace(c.PostForm("class")),
		HideMarks: c.PostForm("hide_marks") == "on"}
	rub := c.PostForm("rubric")
	f.Rubrics = h.rubricOptions(rub)
	var reason string
	switch {
	case f.Question == "":
		reason = "Write the question the students will answer."
	case len(f.Question) > maxQuestion || len(f.Title) > maxName || len(f.Class) > maxName || len(f.Topic) > maxName:
		reason = "The question is limited to 2000 bytes and the title, topic and class to 200."
	case !utf8.ValidString(f.Question + f.Title + f.Class + f.Topic):
		reason = "The form contains characters Clio cannot read."
	}
	if _, ok := h.d.Marker.Rubrics().Get(rub); !ok && reason == "" {
		reason = "Choose one of the mark schemes listed."
	}
	if f.Topic != "" && reason == "" {
		if _, ok := h.d.Marker.Engine().Library().Pack(f.Topic); !ok {
			reason = "Clio has no topic " + strconv.Quote(f.Topic) + "; leave it blank to detect the topic from each essay."
		}
	}
	if reason != "" {
		h.tutorPage(c, http.StatusUnprocessableEntity, page{Error: reason}, tutorData{Form: f})
		return
	}
	if f.Title == "" {
		f.Title = f.Question
		if len(f.Title) > 80 {
			f.Title = strings.ToValidUTF8(f.Title[:80], "") + "…"
		}
	}
	id, ok := formID(c, "asg")
	if !ok {
		h.tutorPage(c, http.StatusBadRequest, page{Error: "This form is out of date. Reload the page and try again."}, tutorData{Form: f})
		return
	}
	ctx := c.Request.Context()
	a := store.Assignment{ID: id, OrgID: v.User.OrgID, Title: f.Title, Question: f.Question, Rubric: rub,
		Topic: f.Topic, Class: f.Class, CreatedBy: v.User.ID, Created: store.Now()}
	err := h.d.Store.CreateAssignment(ctx, a)
	if errors.Is(err, store.ErrConflict) {
		// The same form sent again: it was made the first time.
		c.Redirect(http.StatusSeeOther, "/tutor?created="+a.ID)
		return
	}
	if err != nil {
		h.internal(c, "creating an assignment", err)
		return
	}
	if err := h.d.Store.PutAssignmentOptions(ctx, store.AssignmentOptions{OrgID: a.OrgID, AssignmentID: a.ID, HideMarks: f.HideMarks}); err != nil {
		h.internal(c, "storing assignment options", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tutor?created="+a.ID)
}

func (h *Handler) postTutorStudent(c *gin.Context) {
	v := viewerOf(c)
	name := strings.TrimSpace(c.PostForm("name"))
	if name == "" || len(name) > maxName || !utf8.ValidString(name) {
		h.tutorPage(c, http.StatusUnprocessableEntity, page{Error: "Give the student's name (up to 200 characters)."}, tutorData{})
		return
	}
	id, ok := formID(c, "usr")
	if !ok {
		h.tutorPage(c, http.StatusBadRequest, page{Error: "This form is out of date. Reload the page and try again."}, tutorData{})
		return
	}
	u, code, err := addStudent(c.Request.Context(), h.d.Store, v.User.OrgID, id, name)
	if errors.Is(err, store.ErrConflict) {
		// The same form sent again: the student was added the first time,
		// and their code, shown then, cannot be shown again.
		c.Redirect(http.StatusSeeOther, "/tutor?added="+id)
		return
	}
	if err != nil {
		h.internal(c, "adding a student", err)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: code, Path: "/tutor", MaxAge: 300,
		HttpOnly: true, Secure: h.d.Secure, SameSite: http.SameSiteStrictMode})
	c.Redirect(http.StatusSeeOther, "/tutor?added="+u.ID)
}

// formInt reads a whole number typed in a form; empty is nil (not given).
func formInt(v string) (*int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// rubricOf finds the mark scheme a submission was marked on: built in, or
// uploaded by its organisation.
func (h *Handler) rubricOf(ctx context.Context, orgID, id string) (*rubric.Rubric, error) {
	if r, ok := h.d.Marker.Rubrics().Get(id); ok {
		return r, nil
	}
	cr, err := h.d.Store.GetRubric(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	return rubric.Parse(cr.Body)
}

// queueItem is one submission awaiting review.
type queueItem struct {
	Row        store.MarkbookRow
	Confidence float64
	Flags      flags
	HideMarks  bool
}

// queue lists the latest drafts without a review, oldest first.
func (h *Handler) queue(ctx context.Context, orgID string) ([]queueItem, error) {
	rows, err := h.d.Store.ListMarkbook(ctx, orgID, store.MarkbookFilter{LatestOnly: true})
	if err != nil {
		return nil, err
	}
	var out []queueItem
	for _, r := range rows {
		if r.Review != nil {
			continue
		}
		sub, err := h.d.Store.GetSubmission(ctx, orgID, r.SubmissionID)
		if err != nil {
			return nil, err
		}
		rep, err := decodeReport(sub.Report)
		if err != nil {
			return nil, err
		}
		out = append(out, queueItem{Row: r, Confidence: rep.Confidence, Flags: flagsOf(rep)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Row.Submitted.Before(out[j].Row.Submitted) })
	return out, nil
}

func (h *Handler) getQueue(c *gin.Context) {
	items, err := h.queue(c.Request.Context(), viewerOf(c).User.OrgID)
	if err != nil {
		h.internal(c, "listing the review queue", err)
		return
	}
	h.render(c, http.StatusOK, "queue", page{Title: "Review queue", Nav: "queue", Data: items})
}

type reviewData struct {
	submissionData
	Student    store.User
	Prev, Next string
	Position   int
	Total      int
}

func (h *Handler) getReview(c *gin.Context) {
	h.reviewPage(c, http.StatusOK, "")
}

func (h *Handler) reviewPage(c *gin.Context, status int, reason string) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	sub, err := h.d.Store.GetSubmission(ctx, v.User.OrgID, c.Param("submissionID"))
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(c)
		return
	}
	if err != nil {
		h.internal(c, "reading a submission", err)
		return
	}
	sd, err := h.submissionData(ctx, sub, true)
	if err != nil {
		h.internal(c, "showing a submission", err)
		return
	}
	d := reviewData{submissionData: sd}
	if d.Student, err = h.d.Store.GetUser(ctx, sub.OrgID, sub.StudentID); err != nil {
		h.internal(c, "reading a student", err)
		return
	}
	d.Prev, d.Next, d.Position, d.Total, err = h.neighbours(ctx, v.User.OrgID, sub.ID)
	if err != nil {
		h.internal(c, "listing the review queue", err)
		return
	}
	h.render(c, status, "review", page{Title: "Review: " + d.Student.Name, Nav: "queue", Error: reason, Data: d})
}

// neighbours are the queue items before and after id (or the first, when id
// is not in the queue).
func (h *Handler) neighbours(ctx context.Context, orgID, id string) (prev, next string, pos, total int, err error) {
	items, err := h.queue(ctx, orgID)
	if err != nil {
		return "", "", 0, 0, err
	}
	at := -1
	for i, it := range items {
		if it.Row.SubmissionID == id {
			at = i
		}
	}
	if at > 0 {
		prev = items[at-1].Row.SubmissionID
	}
	switch {
	case at >= 0 && at+1 < len(items):
		next = items[at+1].Row.SubmissionID
	case at < 0 && len(items) > 0:
		next = items[0].Row.SubmissionID
	}
	return prev, next, at + 1, len(items), nil
}

// postReview accepts the suggestion or overrides it, then moves to the next
// essay in the queue.
func (h *Handler) postReview(c *gin.Context) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	sub, err := h.d.Store.GetSubmission(ctx, v.User.OrgID, c.Param("submissionID"))
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(c)
		return
	}
	if err != nil {
		h.internal(c, "reading a submission", err)
		return
	}
	d := store.Decision{Action: c.PostForm("action"), Comment: c.PostForm("comment")}
	var rb *rubric.Rubric
	if d.Action == store.DecisionOverride {
		if rb, err = h.rubricOf(ctx, sub.OrgID, sub.Rubric); err != nil {
			h.internal(c, "reading the submission's mark scheme", err)
			return
		}
		level, lerr := formInt(c.PostForm("level"))
		mark, merr := formInt(c.PostForm("mark"))
		if lerr != nil || merr != nil {
			h.reviewPage(c, http.StatusUnprocessableEntity, "Give the level and the mark as whole numbers.")
			return
		}
		d.Level, d.Mark = level, mark
	}
	r, err := store.NewReview(sub, rb, v.User.ID, d, store.Now())
	var bad *store.ReviewError
	if errors.As(err, &bad) {
		h.reviewPage(c, http.StatusUnprocessableEntity, bad.Reason)
		return
	}
	if err != nil {
		h.internal(c, "checking a review", err)
		return
	}
	if err := h.d.Store.PutReview(ctx, r); err != nil {
		h.internal(c, "storing a review", err)
		return
	}
	_, next, _, _, err := h.neighbours(ctx, v.User.OrgID, sub.ID)
	if err != nil {
		h.internal(c, "listing the review queue", err)
		return
	}
	if next != "" {
		c.Redirect(http.StatusSeeOther, "/tutor/review/"+next)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tutor/queue")
}

type classData struct {
	Assignments []store.Assignment
	Students    []classStudent
	Levels      []levelBar
	Targets     []targetCount
	Essays      int
}

type classStudent struct {
	Name  string
	Cells []classCell
}

type classCell struct {
	Has, Final bool
	// Deleted marks work erased at an erasure request.
	Deleted   bool
	Mark, Max int
	Level     int
	Draft     int
	ID        string
}

type levelBar struct {
	Level, Count, Percent int
}

type targetCount struct {
	Name  string
	Count int
}

// getClass shows the latest draft of every student for every assignment.
func (h *Handler) getClass(c *gin.Context) {
	v := viewerOf(c)
	ctx := c.Request.Context()
	rows, err := h.d.Store.ListMarkbook(ctx, v.User.OrgID, store.MarkbookFilter{LatestOnly: true})
	if err != nil {
		h.internal(c, "reading the markbook", err)
		return
	}
	as, err := h.d.Store.ListAssignments(ctx, v.User.OrgID, "")
	if err != nil {
		h.internal(c, "listing assignments", err)
		return
	}
	d := classData{Assignments: as}
	col := map[string]int{}
	for i, a := range as {
		col[a.ID] = i
	}
	byStudent := map[string]*classStudent{}
	var order []string
	levels := map[int]int{}
	maxLevel := 0
	targets := map[string]int{}
	for _, r := range rows {
		i, ok := col[r.AssignmentID]
		if !ok {
			continue
		}
		s := byStudent[r.StudentID]
		if s == nil {
			s = &classStudent{Name: r.StudentName, Cells: make([]classCell, len(as))}
			byStudent[r.StudentID] = s
			order = append(order, r.StudentID)
		}
		cell := classCell{Has: true, Mark: r.SuggestedMark, Max: r.MaxMark, Level: r.SuggestedLevel, Draft: r.Draft, ID: r.SubmissionID}
		if r.Review != nil {
			cell.Final, cell.Mark, cell.Level = true, r.Review.FinalMark, r.Review.FinalLevel
		}
		s.Cells[i] = cell
		levels[cell.Level]++
		sub, err := h.d.Store.GetSubmission(ctx, v.User.OrgID, r.SubmissionID)
		if err != nil {
			h.internal(c, "reading a submission", err)
			return
		}
		rep, err := decodeReport(sub.Report)
		if err != nil {
			h.internal(c, "reading a report", err)
			return
		}
		maxLevel = max(maxLevel, rep.MaxLevel)
		for _, code := range targetCodes(rep) {
			targets[targetName(code)]++
		}
		d.Essays++
	}
	sort.SliceStable(order, func(i, j int) bool { return byStudent[order[i]].Name < byStudent[order[j]].Name })
	for _, id := range order {
		d.Students = append(d.Students, *byStudent[id])
	}
	// Each erased student is a row of their own, named only "(deleted)",
	// so a tutor sees that work was there and why it went.
	erased, err := h.d.Store.ErasedWork(ctx, v.User.OrgID, "")
	if err != nil {
		h.internal(c, "reading the erased work", err)
		return
	}
	byErasure := map[string]*classStudent{}
	var erasures []string
	for _, e := range erased {
		i, ok := col[e.AssignmentID]
		if !ok {
			continue
		}
		s := byErasure[e.ErasureID]
		if s == nil {
			s = &classStudent{Name: deletedStudent, Cells: make([]classCell, len(as))}
			byErasure[e.ErasureID] = s
			erasures = append(erasures, e.ErasureID)
		}
		s.Cells[i] = classCell{Deleted: true, Draft: e.Drafts}
	}
	for _, id := range erasures {
		d.Students = append(d.Students, *byErasure[id])
	}
	for l := 0; l <= maxLevel; l++ {
		p := 0
		if d.Essays > 0 {
			p = levels[l] * 100 / d.Essays
		}
		d.Levels = append(d.Levels, levelBar{Level: l, Count: levels[l], Percent: p})
	}
	for name, n := range targets {
		d.Targets = append(d.Targets, targetCount{Name: name, Count: n})
	}
	sort.Slice(d.Targets, func(i, j int) bool {
		if d.Targets[i].Count != d.Targets[j].Count {
			return d.Targets[i].Count > d.Targets[j].Count
		}
		return d.Targets[i].Name < d.Targets[j].Name
	})
	if len(d.Targets) > 6 {
		d.Targets = d.Targets[:6]
	}
	h.render(c, http.StatusOK, "class", page{Title: "Class view", Nav: "class", Data: d})
}

// getClassCSV exports the markbook: every draft, reviewed or not, so that
// a tutor's mark on draft 1 stays when draft 2 arrives, in the columns of
// the API's export (api.WriteMarkbookCSV).
func (h *Handler) getClassCSV(c *gin.Context) {
	v := viewerOf(c)
	rows, err := h.d.Store.ListMarkbook(c.Request.Context(), v.User.OrgID, store.MarkbookFilter{})
	if err != nil {
		h.internal(c, "reading the markbook", err)
		return
	}
	erased, err := h.d.Store.ErasedWork(c.Request.Context(), v.User.OrgID, "")
	if err != nil {
		h.internal(c, "reading the erased work", err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="clio-markbook.csv"`)
	c.Status(http.StatusOK)
	if err := api.WriteMarkbookCSV(c.Writer, rows, erased); err != nil {
		h.log.Warn("web: writing the class CSV", "error", err)
	}
}

// deletedStudent is the markbook's name for a student who was erased.
const deletedStudent = "(deleted)"
