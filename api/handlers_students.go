package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// A school answers a subject access request with the export (JSON, and the
// essays as text) and an erasure request with DELETE /v1/users/{id}. Both
// are for students; both are an admin's to make.

// StudentExport is everything Clio holds about one student.
type StudentExport struct {
	Exported    time.Time        `json:"exported"`
	User        UserJSON         `json:"user"`
	Keys        []KeyJSON        `json:"api_keys"`
	Submissions []SubmissionJSON `json:"submissions"`
	SignIn      SignInJSON       `json:"sign_in"`
	LMS         LMSRecordJSON    `json:"lms"`
	// PendingEvents counts the news of their work the server has yet to
	// turn into grade posts and webhooks.
	PendingEvents int `json:"pending_events"`
}

// SignInJSON is how the student signs in to the web pages, as stored: the
// hashes, never a secret (Clio has none to give).
type SignInJSON struct {
	AccessCodes []AccessCodeJSON `json:"access_codes"`
	Login       string           `json:"login,omitempty"`
	Sessions    int              `json:"signed_in_browsers"`
}

// AccessCodeJSON is a stored access code: its SHA-256 and when it was made.
type AccessCodeJSON struct {
	SHA256  string    `json:"sha256"`
	Created time.Time `json:"created"`
}

// LMSRecordJSON is what the LMS integration holds for the student.
type LMSRecordJSON struct {
	Links      []store.LTIUserLink `json:"user_ids"`
	Scores     []ScoreRecordJSON   `json:"grades"`
	Deliveries []store.Delivery    `json:"webhook_deliveries"`
}

// ScoreRecordJSON is one grade queued for, or sent to, an LMS.
type ScoreRecordJSON struct {
	ID           string          `json:"id"`
	PlatformID   string          `json:"platform_id"`
	SubmissionID string          `json:"submission_id"`
	Score        json.RawMessage `json:"score"`
	Status       string          `json:"status"`
	Created      time.Time       `json:"created"`
	Done         *time.Time      `json:"done,omitempty"`
}

// ExportJSON turns a store's record into the export.
func ExportJSON(rec store.PersonRecord, at time.Time) StudentExport {
	out := StudentExport{Exported: at, User: userJSON(rec.User), Keys: []KeyJSON{}, Submissions: []SubmissionJSON{},
		SignIn: SignInJSON{AccessCodes: []AccessCodeJSON{}, Sessions: rec.Sessions},
		LMS:    LMSRecordJSON{Links: rec.LTILinks, Scores: []ScoreRecordJSON{}, Deliveries: rec.Deliveries}, PendingEvents: rec.Events}
	if out.LMS.Links == nil {
		out.LMS.Links = []store.LTIUserLink{}
	}
	if out.LMS.Deliveries == nil {
		out.LMS.Deliveries = []store.Delivery{}
	}
	for _, k := range rec.Keys {
		out.Keys = append(out.Keys, keyJSON(k))
	}
	reviews := map[string]store.Review{}
	for _, r := range rec.Reviews {
		reviews[r.SubmissionID] = r
	}
	for _, s := range rec.Submissions {
		j := submissionJSON(s)
		j.Text, j.Report = s.Text, storedJSON(s.Report)
		if r, ok := reviews[s.ID]; ok {
			rv := reviewJSON(r, s.MaxMark)
			j.Review = &rv
		}
		out.Submissions = append(out.Submissions, j)
	}
	for _, c := range rec.AccessCodes {
		out.SignIn.AccessCodes = append(out.SignIn.AccessCodes, AccessCodeJSON{SHA256: c.Hash, Created: c.Created})
	}
	if rec.Credential != nil {
		out.SignIn.Login = rec.Credential.Login
	}
	for _, j := range rec.Scores {
		out.LMS.Scores = append(out.LMS.Scores, ScoreRecordJSON{ID: j.ID, PlatformID: j.PlatformID, SubmissionID: j.SubmissionID,
			Score: storedJSON(j.Score), Status: j.Status, Created: j.Created, Done: j.Done})
	}
	return out
}

// storedJSON keeps stored JSON as it is, or as a string if it is not JSON.
func storedJSON(b []byte) json.RawMessage {
	if json.Valid(b) {
		return b
	}
	s, _ := json.Marshal(string(b))
	return s
}

// WriteEssays writes every essay of the record as plain text, oldest first,
// each under a header naming the assignment, draft and date.
func WriteEssays(w io.Writer, rec store.PersonRecord) error {
	if _, err := fmt.Fprintf(w, "Essays of %s (%s), %d in all.\n", rec.User.Name, rec.User.ID, len(rec.Submissions)); err != nil {
		return err
	}
	for _, s := range rec.Submissions {
		what := "free-standing essay"
		if s.AssignmentID != "" {
			what = fmt.Sprintf("assignment %s, draft %d", s.AssignmentID, s.Draft)
		}
		head := fmt.Sprintf("%s: %s, submitted %s", s.ID, what, s.Created.Format(time.RFC3339))
		if s.Question != "" {
			head += "\nQuestion: " + s.Question
		}
		if _, err := fmt.Fprintf(w, "\n%s\n%s\n\n%s\n", strings.Repeat("=", 72), head, strings.TrimRight(s.Text, "\n")); err != nil {
			return err
		}
	}
	return nil
}

// ErasureJSON says what erasing a student removed.
type ErasureJSON struct {
	ID          string    `json:"id"`
	Submissions int       `json:"submissions"`
	Reviews     int       `json:"reviews"`
	Keys        int       `json:"api_keys"`
	LMSUserIDs  int       `json:"lms_user_ids"`
	Grades      int       `json:"lms_grades"`
	Deliveries  int       `json:"webhook_deliveries"`
	Erased      time.Time `json:"erased"`
}

// ErasureToJSON is the API's view of an erasure.
func ErasureToJSON(e store.Erasure) ErasureJSON {
	return ErasureJSON{ID: e.ID, Submissions: e.Submissions, Reviews: e.Reviews, Keys: e.Keys, LMSUserIDs: e.LTILinks,
		Grades: e.Scores, Deliveries: e.Deliveries, Erased: e.Erased}
}

func (s *Server) studentRecord(c *gin.Context) (store.PersonRecord, bool) {
	id := c.Param("id")
	rec, err := s.store.ExportStudent(c.Request.Context(), caller(c).User.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		err = problem.New(problem.NotFound, "There is no student %s in your organisation.", id)
	}
	if err != nil {
		s.fail(c, err)
		return rec, false
	}
	return rec, true
}

func (s *Server) exportStudent(c *gin.Context) {
	rec, ok := s.studentRecord(c)
	if !ok {
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="clio-%s.json"`, rec.User.ID))
	c.JSON(http.StatusOK, ExportJSON(rec, store.Now()))
}

func (s *Server) exportEssays(c *gin.Context) {
	rec, ok := s.studentRecord(c)
	if !ok {
		return
	}
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="clio-%s-essays.txt"`, rec.User.ID))
	c.Status(http.StatusOK)
	if err := WriteEssays(c.Writer, rec); err != nil {
		s.log.Warn("writing a student's essays", "request_id", requestID(c), "error", err)
	}
}

func (s *Server) deleteStudent(c *gin.Context) {
	id := c.Param("id")
	e, err := s.store.EraseStudent(c.Request.Context(), caller(c).User.OrgID, id, store.Now())
	if errors.Is(err, store.ErrNotFound) {
		err = problem.New(problem.NotFound, "There is no student %s in your organisation (only students can be erased).", id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("student erased", "request_id", requestID(c), "org", caller(c).User.OrgID, "erasure", e.ID,
		"submissions", e.Submissions, "by", caller(c).User.ID)
	c.JSON(http.StatusOK, ErasureToJSON(e))
}
