package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clio-history/clio/api/store"
)

// A student's rows are found through their user id and the ids of their
// submissions; the LMS's queues name submissions, and webhook bodies name
// the student and the submission in their JSON. Ids are random (usr_…,
// sub_…), so finding one inside a body cannot match anyone else's.

func (s *Store) UserByID(ctx context.Context, id string) (store.User, error) {
	u, err := scanUser(s.c.Read().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if err != nil {
		return store.User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

func student(ctx context.Context, q Querier, orgID, userID string) (store.User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE org_id = ? AND id = ?`, orgID, userID))
	if err != nil {
		return store.User{}, fmt.Errorf("user %s: %w", userID, err)
	}
	if u.Role != store.RoleStudent {
		return store.User{}, fmt.Errorf("user %s is a %s, not a student: %w", userID, u.Role, store.ErrNotFound)
	}
	return u, nil
}

func stringsOf(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return list(ctx, q, query, args, func(r interface{ Scan(...any) error }) (string, error) {
		var v string
		err := r.Scan(&v)
		return v, err
	})
}

// deliveriesAbout returns the webhook deliveries whose body names the
// student or one of their submissions.
func deliveriesAbout(ctx context.Context, q Querier, orgID string, ids []string) ([]store.Delivery, error) {
	all, err := list(ctx, q, `SELECT `+deliveryCols+` FROM lti_webhook_deliveries WHERE org_id = ? ORDER BY created, id`, []any{orgID}, scanDelivery)
	if err != nil {
		return nil, err
	}
	var out []store.Delivery
	for _, d := range all {
		for _, id := range ids {
			if strings.Contains(string(d.Body), id) {
				out = append(out, d)
				break
			}
		}
	}
	return out, nil
}

func (s *Store) ExportStudent(ctx context.Context, orgID, userID string) (store.PersonRecord, error) {
	var rec store.PersonRecord
	// One transaction, so the record is one consistent moment.
	err := s.write(ctx, func(q Querier) error {
		u, err := student(ctx, q, orgID, userID)
		if err != nil {
			return err
		}
		rec.User = u
		if rec.Keys, err = list(ctx, q, `SELECT `+keyCols+` FROM api_keys k WHERE k.org_id = ? AND k.user_id = ? ORDER BY k.created, k.id`,
			[]any{orgID, userID}, func(r interface{ Scan(...any) error }) (store.Key, error) { return scanKey(r) }); err != nil {
			return err
		}
		if rec.Submissions, err = list(ctx, q, `SELECT `+submissionCols+`, text, report FROM submissions WHERE org_id = ? AND student_id = ? ORDER BY created, assignment_id, draft, id`,
			[]any{orgID, userID}, scanFullSubmission); err != nil {
			return err
		}
		if rec.Reviews, err = list(ctx, q, `SELECT r.submission_id, r.org_id, r.reviewer_id, r.suggested_level, r.suggested_mark, r.final_level, r.final_mark, r.overridden, r.comment, r.created
			FROM reviews r JOIN submissions s ON s.id = r.submission_id AND s.org_id = r.org_id
			WHERE r.org_id = ? AND s.student_id = ? ORDER BY r.created, r.submission_id`, []any{orgID, userID}, scanReview); err != nil {
			return err
		}
		if rec.AccessCodes, err = list(ctx, q, `SELECT hash, org_id, user_id, created FROM web_access_codes WHERE org_id = ? AND user_id = ? ORDER BY created`,
			[]any{orgID, userID}, func(r interface{ Scan(...any) error }) (store.AccessCode, error) {
				var c store.AccessCode
				var created int64
				err := r.Scan(&c.Hash, &c.OrgID, &c.UserID, &created)
				c.Created = fromMicros(created)
				return c, err
			}); err != nil {
			return err
		}
		var c store.Credential
		switch err := q.QueryRow(ctx, `SELECT login, org_id, user_id, hash FROM web_credentials WHERE org_id = ? AND user_id = ?`, orgID, userID).
			Scan(&c.Login, &c.OrgID, &c.UserID, &c.Hash); {
		case err == nil:
			rec.Credential = &c
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM web_sessions WHERE org_id = ? AND user_id = ?`, orgID, userID).Scan(&rec.Sessions); err != nil {
			return err
		}
		if rec.LTILinks, err = list(ctx, q, `SELECT l.platform_id, l.lms_id FROM lti_links l JOIN lti_platforms p ON p.id = l.platform_id
			WHERE p.org_id = ? AND l.kind = ? AND l.clio_id = ? ORDER BY l.platform_id, l.lms_id`, []any{orgID, store.LinkUser, userID},
			func(r interface{ Scan(...any) error }) (store.LTIUserLink, error) {
				var l store.LTIUserLink
				err := r.Scan(&l.PlatformID, &l.LMSID)
				return l, err
			}); err != nil {
			return err
		}
		ids := []string{userID}
		for _, sub := range rec.Submissions {
			ids = append(ids, sub.ID)
			jobs, err := list(ctx, q, `SELECT `+scoreCols+` FROM lti_score_queue WHERE org_id = ? AND submission_id = ? ORDER BY created, id`,
				[]any{orgID, sub.ID}, scanScore)
			if err != nil {
				return err
			}
			rec.Scores = append(rec.Scores, jobs...)
			var n int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE org_id = ? AND submission_id = ?`, orgID, sub.ID).Scan(&n); err != nil {
				return err
			}
			rec.Events += n
		}
		rec.Deliveries, err = deliveriesAbout(ctx, q, orgID, ids)
		return err
	})
	if err != nil {
		return store.PersonRecord{}, fmt.Errorf("exporting student %s: %w", userID, err)
	}
	return rec, nil
}

func scanReview(r interface{ Scan(...any) error }) (store.Review, error) {
	var v store.Review
	var ov int
	var created int64
	if err := r.Scan(&v.SubmissionID, &v.OrgID, &v.ReviewerID, &v.SuggestedLevel, &v.SuggestedMark, &v.FinalLevel, &v.FinalMark, &ov, &v.Comment, &created); err != nil {
		return v, err
	}
	v.Overridden, v.Created = ov != 0, fromMicros(created)
	return v, nil
}

func (s *Store) EraseStudent(ctx context.Context, orgID, userID string, at time.Time) (store.Erasure, error) {
	e := store.Erasure{ID: store.NewID("era"), OrgID: orgID, Erased: at}
	err := s.write(ctx, func(q Querier) error {
		e = store.Erasure{ID: e.ID, OrgID: orgID, Erased: at} // a retried transaction starts afresh
		// CreateSubmission takes the same lock, so no draft of theirs can be
		// stored on another server while they are erased.
		if err := s.c.Lock(ctx, q, studentLock(orgID, userID)); err != nil {
			return err
		}
		if _, err := student(ctx, q, orgID, userID); err != nil {
			return err
		}
		type work struct {
			assignment string
			drafts     int
		}
		works, err := list(ctx, q, `SELECT assignment_id, COUNT(*) FROM submissions WHERE org_id = ? AND student_id = ? GROUP BY assignment_id ORDER BY assignment_id`,
			[]any{orgID, userID}, func(r interface{ Scan(...any) error }) (work, error) {
				var w work
				err := r.Scan(&w.assignment, &w.drafts)
				return w, err
			})
		if err != nil {
			return err
		}
		subs, err := stringsOf(ctx, q, `SELECT id FROM submissions WHERE org_id = ? AND student_id = ?`, orgID, userID)
		if err != nil {
			return err
		}
		e.Submissions = len(subs)
		ids := append([]string{userID}, subs...)
		deliveries, err := deliveriesAbout(ctx, q, orgID, ids)
		if err != nil {
			return err
		}
		for _, d := range deliveries {
			if _, err := q.Exec(ctx, `DELETE FROM lti_attempts WHERE job_id = ?`, d.ID); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `DELETE FROM lti_webhook_deliveries WHERE id = ?`, d.ID); err != nil {
				return err
			}
		}
		e.Deliveries = len(deliveries)
		for _, sub := range subs {
			jobs, err := stringsOf(ctx, q, `SELECT id FROM lti_score_queue WHERE org_id = ? AND submission_id = ?`, orgID, sub)
			if err != nil {
				return err
			}
			for _, j := range jobs {
				if _, err := q.Exec(ctx, `DELETE FROM lti_attempts WHERE job_id = ?`, j); err != nil {
					return err
				}
			}
			n, err := q.Exec(ctx, `DELETE FROM lti_score_queue WHERE org_id = ? AND submission_id = ?`, orgID, sub)
			if err != nil {
				return err
			}
			e.Scores += int(n)
			if _, err := q.Exec(ctx, `DELETE FROM outbox WHERE org_id = ? AND submission_id = ?`, orgID, sub); err != nil {
				return err
			}
			n, err = q.Exec(ctx, `DELETE FROM reviews WHERE org_id = ? AND submission_id = ?`, orgID, sub)
			if err != nil {
				return err
			}
			e.Reviews += int(n)
		}
		if _, err := q.Exec(ctx, `DELETE FROM submissions WHERE org_id = ? AND student_id = ?`, orgID, userID); err != nil {
			return err
		}
		n, err := q.Exec(ctx, `DELETE FROM lti_links WHERE kind = ? AND clio_id = ? AND platform_id IN (SELECT id FROM lti_platforms WHERE org_id = ?)`,
			store.LinkUser, userID, orgID)
		if err != nil {
			return err
		}
		e.LTILinks = int(n)
		logins, err := stringsOf(ctx, q, `SELECT login FROM web_credentials WHERE org_id = ? AND user_id = ?`, orgID, userID)
		if err != nil {
			return err
		}
		for _, l := range logins {
			if _, err := q.Exec(ctx, `DELETE FROM signin_attempts WHERE subject = ?`, "login:"+l); err != nil {
				return err
			}
		}
		for _, table := range []string{"web_credentials", "web_sessions", "web_access_codes"} {
			if _, err := q.Exec(ctx, `DELETE FROM `+table+` WHERE org_id = ? AND user_id = ?`, orgID, userID); err != nil {
				return err
			}
		}
		if n, err = q.Exec(ctx, `DELETE FROM api_keys WHERE org_id = ? AND user_id = ?`, orgID, userID); err != nil {
			return err
		}
		e.Keys = int(n)
		if _, err := q.Exec(ctx, `DELETE FROM users WHERE org_id = ? AND id = ?`, orgID, userID); err != nil {
			return err
		}
		for _, w := range works {
			if w.assignment == "" {
				continue // free-standing feedback belongs to no markbook
			}
			if _, err := q.Exec(ctx, `INSERT INTO erased_work (erasure_id, org_id, assignment_id, drafts, erased) VALUES (?, ?, ?, ?, ?)`,
				e.ID, orgID, w.assignment, w.drafts, micros(at)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.Erasure{}, fmt.Errorf("erasing student %s: %w", userID, err)
	}
	return e, nil
}

func (s *Store) ErasedWork(ctx context.Context, orgID, assignmentID string) ([]store.ErasedWork, error) {
	query := `SELECT e.erasure_id, e.assignment_id, COALESCE(a.title, ''), e.drafts, e.erased FROM erased_work e
		LEFT JOIN assignments a ON a.id = e.assignment_id AND a.org_id = e.org_id WHERE e.org_id = ?`
	args := []any{orgID}
	if assignmentID != "" {
		query += ` AND e.assignment_id = ?`
		args = append(args, assignmentID)
	}
	return list(ctx, s.c.Read(), query+` ORDER BY COALESCE(a.title, ''), e.assignment_id, e.erased, e.erasure_id`, args,
		func(r interface{ Scan(...any) error }) (store.ErasedWork, error) {
			var w store.ErasedWork
			var erased int64
			err := r.Scan(&w.ErasureID, &w.AssignmentID, &w.AssignmentTitle, &w.Drafts, &erased)
			w.Erased = fromMicros(erased)
			return w, err
		})
}

func studentLock(orgID, userID string) string { return "clio:student:" + orgID + ":" + userID }
