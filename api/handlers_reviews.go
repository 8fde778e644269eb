package api

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// Review decisions (the store's, where the rule for reviews lives).
const (
	DecisionAccept   = store.DecisionAccept
	DecisionOverride = store.DecisionOverride
	// DecisionDeleted marks, in the markbook export, work deleted at an
	// erasure request.
	DecisionDeleted = "deleted"
)

// LevelMark is a level with a mark.
type LevelMark struct {
	Level int `json:"level"`
	Mark  int `json:"mark"`
}

// ReviewJSON is a tutor's review as the API shows it.
type ReviewJSON struct {
	SubmissionID string    `json:"submission_id"`
	Decision     string    `json:"decision"`
	Suggested    LevelMark `json:"suggested"`
	Final        LevelMark `json:"final"`
	MaxMark      int       `json:"max_mark"`
	Comment      string    `json:"comment"`
	ReviewerID   string    `json:"reviewer_id"`
	ReviewedAt   time.Time `json:"reviewed_at"`
}

func reviewJSON(r store.Review, maxMark int) ReviewJSON {
	d := DecisionAccept
	if r.Overridden {
		d = DecisionOverride
	}
	return ReviewJSON{SubmissionID: r.SubmissionID, Decision: d,
		Suggested: LevelMark{r.SuggestedLevel, r.SuggestedMark}, Final: LevelMark{r.FinalLevel, r.FinalMark},
		MaxMark: maxMark, Comment: r.Comment, ReviewerID: r.ReviewerID, ReviewedAt: r.Created}
}

type reviewRequest struct {
	Decision string `json:"decision"`
	Level    *int   `json:"level"`
	Mark     *int   `json:"mark"`
	Comment  string `json:"comment"`
}

// putReview records a tutor's decision on a submission: accept Clio's
// suggestion, or override it with a level and mark in that level's band
// and a comment. store.NewReview is the rule, the same as the web pages'.
func (s *Server) putReview(c *gin.Context) {
	ctx := c.Request.Context()
	var req reviewRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sub, err := s.submission(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	// Only an override is checked against the rubric, so a suggestion can
	// be accepted even if its rubric has since gone.
	var r *rubric.Rubric
	if req.Decision == DecisionOverride {
		if r, _, err = s.resolveRubric(ctx, sub.OrgID, sub.Rubric); err != nil {
			s.fail(c, err)
			return
		}
	}
	rv, err := store.NewReview(sub, r, caller(c).User.ID,
		store.Decision{Action: req.Decision, Level: req.Level, Mark: req.Mark, Comment: req.Comment}, store.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.PutReview(ctx, rv); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.holdStored(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, reviewJSON(rv, sub.MaxMark))
}

// holdStored is the crash tests' gate between a write and its answer
// (Config.HoldStored); it does nothing otherwise.
func (s *Server) holdStored(ctx context.Context) error {
	if s.cfg.HoldStored == nil {
		return nil
	}
	return s.cfg.HoldStored(ctx)
}

func (s *Server) getReview(c *gin.Context) {
	sub, err := s.submission(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	rv, err := s.store.GetReview(c.Request.Context(), sub.OrgID, sub.ID)
	if errors.Is(err, store.ErrNotFound) {
		err = problem.New(problem.NotFound, "Submission %s has not been reviewed yet.", sub.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, reviewJSON(rv, sub.MaxMark))
}

// MarkbookRowJSON is one submission with its review in the markbook.
type MarkbookRowJSON struct {
	SubmissionID string      `json:"submission_id"`
	StudentID    string      `json:"student_id"`
	Student      string      `json:"student"`
	AssignmentID string      `json:"assignment_id,omitempty"`
	Assignment   string      `json:"assignment,omitempty"`
	Draft        int         `json:"draft"`
	Submitted    time.Time   `json:"submitted"`
	Suggested    LevelMark   `json:"suggested"`
	MaxMark      int         `json:"max_mark"`
	Review       *ReviewJSON `json:"review,omitempty"`
	Reviewer     string      `json:"reviewer,omitempty"`
	// Deleted marks the trace of an erased student's work: no student, no
	// submission, only how many drafts there were and when they went.
	Deleted      bool       `json:"deleted,omitempty"`
	ErasedDrafts int        `json:"erased_drafts,omitempty"`
	Erased       *time.Time `json:"erased,omitempty"`
}

// DeletedStudent is the markbook's name for a student who was erased.
const DeletedStudent = "(deleted)"

// erasedRows is the markbook's trace of erased work, which a filter for
// reviewed work leaves out (it was never reviewed, or no longer is).
func (s *Server) erasedRows(c *gin.Context, f store.MarkbookFilter) ([]store.ErasedWork, error) {
	if f.ReviewedOnly {
		return nil, nil
	}
	return s.store.ErasedWork(c.Request.Context(), caller(c).User.OrgID, f.AssignmentID)
}

func (s *Server) markbookFilter(c *gin.Context, reviewedOnly bool) (store.MarkbookFilter, error) {
	f := store.MarkbookFilter{AssignmentID: c.Query("assignment"), ReviewedOnly: reviewedOnly}
	for _, q := range []struct {
		name string
		dst  *bool
	}{{"latest", &f.LatestOnly}, {"reviewed", &f.ReviewedOnly}} {
		v := c.Query(q.name)
		if v == "" {
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, problem.OnField(problem.Invalid, q.name, "%s must be true or false, not %q.", q.name, v)
		}
		*q.dst = b
	}
	return f, nil
}

// listReviews lists reviewed submissions (reviewed=false lists all).
func (s *Server) listReviews(c *gin.Context) {
	f, err := s.markbookFilter(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.store.ListMarkbook(c.Request.Context(), caller(c).User.OrgID, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]MarkbookRowJSON, len(rows))
	for i, r := range rows {
		out[i] = MarkbookRowJSON{SubmissionID: r.SubmissionID, StudentID: r.StudentID, Student: r.StudentName,
			AssignmentID: r.AssignmentID, Assignment: r.AssignmentTitle, Draft: r.Draft, Submitted: r.Submitted,
			Suggested: LevelMark{r.SuggestedLevel, r.SuggestedMark}, MaxMark: r.MaxMark, Reviewer: r.ReviewerName}
		if r.Review != nil {
			j := reviewJSON(*r.Review, r.MaxMark)
			out[i].Review = &j
		}
	}
	erased, err := s.erasedRows(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, e := range erased {
		at := e.Erased
		out = append(out, MarkbookRowJSON{Student: DeletedStudent, AssignmentID: e.AssignmentID, Assignment: e.AssignmentTitle,
			Deleted: true, ErasedDrafts: e.Drafts, Erased: &at})
	}
	c.JSON(http.StatusOK, gin.H{"reviews": out})
}

// CSVHeader is the markbook export's header row.
var CSVHeader = []string{"student", "student_id", "assignment", "assignment_id", "submission_id", "draft", "submitted",
	"suggested_level", "suggested_mark", "final_level", "final_mark", "max_mark", "level", "decision", "reviewer", "reviewed_at", "comment"}

// spreadsheetSafe stops a cell being read as a formula by a spreadsheet
// (CSV injection): text starting with = + - @ or a control character gets a
// leading apostrophe.
func spreadsheetSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// exportReviews writes the markbook as CSV, one row per submission (all
// submissions by default; reviewed=true or latest=true narrow it). level is
// the final level when reviewed, else the suggested one.
func (s *Server) exportReviews(c *gin.Context) {
	f, err := s.markbookFilter(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.store.ListMarkbook(c.Request.Context(), caller(c).User.OrgID, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	erased, err := s.erasedRows(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="clio-markbook.csv"`)
	c.Status(http.StatusOK)
	if err := WriteMarkbookCSV(c.Writer, rows, erased); err != nil {
		s.log.Warn("writing the markbook CSV", "request_id", requestID(c), "error", err)
	}
}

// WriteMarkbookCSV writes the markbook export: CSVHeader, one row per
// submission in rows, then one per erasure. The web pages' class CSV uses it
// too, so the two exports cannot drift apart.
func WriteMarkbookCSV(out io.Writer, rows []store.MarkbookRow, erased []store.ErasedWork) error {
	w := csv.NewWriter(out)
	_ = w.Write(CSVHeader)
	for _, r := range rows {
		finalLevel, finalMark, level, decision, reviewedAt, comment := "", "", strconv.Itoa(r.SuggestedLevel), "", "", ""
		if rv := r.Review; rv != nil {
			finalLevel, finalMark, level = strconv.Itoa(rv.FinalLevel), strconv.Itoa(rv.FinalMark), strconv.Itoa(rv.FinalLevel)
			decision, reviewedAt, comment = DecisionAccept, rv.Created.Format(time.RFC3339), rv.Comment
			if rv.Overridden {
				decision = DecisionOverride
			}
		}
		_ = w.Write([]string{spreadsheetSafe(r.StudentName), r.StudentID, spreadsheetSafe(r.AssignmentTitle), r.AssignmentID,
			r.SubmissionID, strconv.Itoa(r.Draft), r.Submitted.Format(time.RFC3339),
			strconv.Itoa(r.SuggestedLevel), strconv.Itoa(r.SuggestedMark), finalLevel, finalMark, strconv.Itoa(r.MaxMark),
			level, decision, spreadsheetSafe(r.ReviewerName), reviewedAt, spreadsheetSafe(comment)})
	}
	for _, e := range erased {
		_ = w.Write([]string{DeletedStudent, "", spreadsheetSafe(e.AssignmentTitle), e.AssignmentID, "", "", "",
			"", "", "", "", "", "", DecisionDeleted, "", e.Erased.Format(time.RFC3339),
			fmt.Sprintf("%d draft(s) deleted at an erasure request (%s)", e.Drafts, e.ErasureID)})
	}
	w.Flush()
	return w.Error()
}
