package sqlstore

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clio-history/clio/api/store"
)

// Store implements store.Store over a Conn.
type Store struct {
	c Conn
}

// New wraps c, which must already be migrated.
func New(c Conn) *Store { return &Store{c: c} }

var _ store.Store = (*Store)(nil)

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func optMicros(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMicro()
	return &v
}

func optTime(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMicros(*v)
	return &t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Store) Ping(ctx context.Context) error { return s.c.Ping(ctx) }
func (s *Store) Close() error                   { return s.c.Close() }

func (s *Store) write(ctx context.Context, fn func(q Querier) error) error {
	return s.c.InTx(ctx, fn)
}

func (s *Store) Bootstrap(ctx context.Context, org store.Org, admin store.User, key store.Key) (bool, error) {
	created := false
	err := s.write(ctx, func(q Querier) error {
		if err := s.c.Lock(ctx, q, "clio:bootstrap"); err != nil {
			return err
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		org.Operator = true
		if err := insertOrg(ctx, q, org); err != nil {
			return err
		}
		if err := insertUser(ctx, q, admin); err != nil {
			return err
		}
		if err := insertKey(ctx, q, key); err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("bootstrap: %w", err)
	}
	return created, nil
}

func insertOrg(ctx context.Context, q Querier, o store.Org) error {
	_, err := q.Exec(ctx, `INSERT INTO orgs (id, name, operator, created) VALUES (?, ?, ?, ?)`,
		o.ID, o.Name, b2i(o.Operator), micros(o.Created))
	return err
}

func insertUser(ctx context.Context, q Querier, u store.User) error {
	_, err := q.Exec(ctx, `INSERT INTO users (id, org_id, name, email, role, created) VALUES (?, ?, ?, ?, ?, ?)`,
		u.ID, u.OrgID, u.Name, u.Email, string(u.Role), micros(u.Created))
	return err
}

func insertKey(ctx context.Context, q Querier, k store.Key) error {
	_, err := q.Exec(ctx, `INSERT INTO api_keys (id, org_id, user_id, name, prefix, hash, created, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.OrgID, k.UserID, k.Name, k.Prefix, hex.EncodeToString(k.Hash), micros(k.Created), optMicros(k.Revoked))
	return err
}

func (s *Store) CreateOrg(ctx context.Context, o store.Org) error {
	return s.write(ctx, func(q Querier) error { return insertOrg(ctx, q, o) })
}

func (s *Store) CreateOrgWithAdmin(ctx context.Context, o store.Org, admin store.User, key store.Key) error {
	return s.write(ctx, func(q Querier) error {
		if err := insertOrg(ctx, q, o); err != nil {
			return err
		}
		if err := insertUser(ctx, q, admin); err != nil {
			return err
		}
		return insertKey(ctx, q, key)
	})
}

func (s *Store) GetOrg(ctx context.Context, id string) (store.Org, error) {
	var o store.Org
	var op int
	var created int64
	err := s.c.Read().QueryRow(ctx, `SELECT id, name, operator, created FROM orgs WHERE id = ?`, id).
		Scan(&o.ID, &o.Name, &op, &created)
	if err != nil {
		return store.Org{}, fmt.Errorf("organisation %s: %w", id, err)
	}
	o.Operator, o.Created = op != 0, fromMicros(created)
	return o, nil
}

func (s *Store) CreateUser(ctx context.Context, u store.User) error {
	return s.write(ctx, func(q Querier) error {
		if err := orgExists(ctx, q, u.OrgID); err != nil {
			return err
		}
		return insertUser(ctx, q, u)
	})
}

func orgExists(ctx context.Context, q Querier, id string) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("organisation %s: %w", id, store.ErrNotFound)
	}
	return nil
}

const userCols = `id, org_id, name, email, role, created`

func scanUser(r interface{ Scan(...any) error }) (store.User, error) {
	var u store.User
	var role string
	var created int64
	if err := r.Scan(&u.ID, &u.OrgID, &u.Name, &u.Email, &role, &created); err != nil {
		return store.User{}, err
	}
	u.Role, u.Created = store.Role(role), fromMicros(created)
	return u, nil
}

func (s *Store) GetUser(ctx context.Context, orgID, id string) (store.User, error) {
	u, err := scanUser(s.c.Read().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return store.User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

func (s *Store) ListUsers(ctx context.Context, orgID string, role store.Role) ([]store.User, error) {
	q := `SELECT ` + userCols + ` FROM users WHERE org_id = ?`
	args := []any{orgID}
	if role != "" {
		q += ` AND role = ?`
		args = append(args, string(role))
	}
	return list(ctx, s.c.Read(), q+` ORDER BY name, id`, args, scanUser)
}

func list[T any](ctx context.Context, q Querier, query string, args []any, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *Store) CreateKey(ctx context.Context, k store.Key) error {
	return s.write(ctx, func(q Querier) error {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE org_id = ? AND id = ?`, k.OrgID, k.UserID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("user %s: %w", k.UserID, store.ErrNotFound)
		}
		return insertKey(ctx, q, k)
	})
}

const keyCols = `k.id, k.org_id, k.user_id, k.name, k.prefix, k.hash, k.created, k.revoked`

func scanKey(r interface{ Scan(...any) error }, extra ...any) (store.Key, error) {
	var k store.Key
	var hash string
	var created int64
	var revoked *int64
	dest := append([]any{&k.ID, &k.OrgID, &k.UserID, &k.Name, &k.Prefix, &hash, &created, &revoked}, extra...)
	if err := r.Scan(dest...); err != nil {
		return store.Key{}, err
	}
	h, err := hex.DecodeString(hash)
	if err != nil {
		return store.Key{}, fmt.Errorf("key %s: stored hash is not hex: %w", k.ID, err)
	}
	k.Hash, k.Created, k.Revoked = h, fromMicros(created), optTime(revoked)
	return k, nil
}

func (s *Store) KeyByHash(ctx context.Context, hash []byte) (store.Key, store.User, error) {
	var u store.User
	var role string
	var created int64
	k, err := scanKey(s.c.Read().QueryRow(ctx, `SELECT `+keyCols+`, u.id, u.org_id, u.name, u.email, u.role, u.created
		FROM api_keys k JOIN users u ON u.id = k.user_id AND u.org_id = k.org_id
		WHERE k.hash = ? AND k.revoked IS NULL`, hex.EncodeToString(hash)),
		&u.ID, &u.OrgID, &u.Name, &u.Email, &role, &created)
	if err != nil {
		return store.Key{}, store.User{}, fmt.Errorf("key: %w", err)
	}
	u.Role, u.Created = store.Role(role), fromMicros(created)
	return k, u, nil
}

func (s *Store) ListKeys(ctx context.Context, orgID string) ([]store.Key, error) {
	return list(ctx, s.c.Read(), `SELECT `+keyCols+` FROM api_keys k WHERE k.org_id = ? ORDER BY k.created, k.id`, []any{orgID},
		func(r interface{ Scan(...any) error }) (store.Key, error) { return scanKey(r) })
}

func (s *Store) RevokeKey(ctx context.Context, orgID, id string, at time.Time) error {
	return s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE api_keys SET revoked = ? WHERE org_id = ? AND id = ? AND revoked IS NULL`, micros(at), orgID, id)
		if err != nil {
			return err
		}
		if n == 0 {
			var c int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM api_keys WHERE org_id = ? AND id = ?`, orgID, id).Scan(&c); err != nil {
				return err
			}
			if c == 0 {
				return fmt.Errorf("key %s: %w", id, store.ErrNotFound)
			}
		}
		return nil
	})
}

const assignmentCols = `id, org_id, title, question, rubric, topic, class, due, created_by, created`

func scanAssignment(r interface{ Scan(...any) error }) (store.Assignment, error) {
	var a store.Assignment
	var due *int64
	var created int64
	if err := r.Scan(&a.ID, &a.OrgID, &a.Title, &a.Question, &a.Rubric, &a.Topic, &a.Class, &due, &a.CreatedBy, &created); err != nil {
		return store.Assignment{}, err
	}
	a.Due, a.Created = optTime(due), fromMicros(created)
	return a, nil
}

func (s *Store) CreateAssignment(ctx context.Context, a store.Assignment) error {
	return s.write(ctx, func(q Querier) error {
		if err := orgExists(ctx, q, a.OrgID); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `INSERT INTO assignments (`+assignmentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.OrgID, a.Title, a.Question, a.Rubric, a.Topic, a.Class, optMicros(a.Due), a.CreatedBy, micros(a.Created))
		return err
	})
}

func (s *Store) GetAssignment(ctx context.Context, orgID, id string) (store.Assignment, error) {
	a, err := scanAssignment(s.c.Read().QueryRow(ctx, `SELECT `+assignmentCols+` FROM assignments WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return store.Assignment{}, fmt.Errorf("assignment %s: %w", id, err)
	}
	return a, nil
}

func (s *Store) ListAssignments(ctx context.Context, orgID, class string) ([]store.Assignment, error) {
	q := `SELECT ` + assignmentCols + ` FROM assignments WHERE org_id = ?`
	args := []any{orgID}
	if class != "" {
		q += ` AND class = ?`
		args = append(args, class)
	}
	return list(ctx, s.c.Read(), q+` ORDER BY created DESC, id`, args, scanAssignment)
}

const submissionCols = `id, org_id, student_id, assignment_id, draft, question, rubric, topic, locale, level, mark, max_mark, clio_version, analyzers, rubric_version, created`

func scanSubmission(r interface{ Scan(...any) error }, extra ...any) (store.Submission, error) {
	var s store.Submission
	var created int64
	dest := append([]any{&s.ID, &s.OrgID, &s.StudentID, &s.AssignmentID, &s.Draft, &s.Question, &s.Rubric, &s.Topic, &s.Locale,
		&s.Level, &s.Mark, &s.MaxMark, &s.ClioVersion, &s.Analyzers, &s.RubricVersion, &created}, extra...)
	if err := r.Scan(dest...); err != nil {
		return store.Submission{}, err
	}
	s.Created = fromMicros(created)
	return s, nil
}

func scanFullSubmission(r interface{ Scan(...any) error }) (store.Submission, error) {
	var text, report string
	s, err := scanSubmission(r, &text, &report)
	if err != nil {
		return s, err
	}
	s.Text, s.Report = text, []byte(report)
	return s, nil
}

// maxDraftAttempts bounds the retries when two servers number a draft at the
// same moment and one loses on the unique index.
const maxDraftAttempts = 5

func (s *Store) CreateSubmission(ctx context.Context, sub *store.Submission) error {
	var err error
	for range maxDraftAttempts {
		err = s.write(ctx, func(q Querier) error {
			// One lock per student numbers their drafts one at a time across
			// servers and keeps a submission from landing while the student
			// is being erased (EraseStudent takes the same lock).
			if err := s.c.Lock(ctx, q, studentLock(sub.OrgID, sub.StudentID)); err != nil {
				return err
			}
			var n int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE org_id = ? AND id = ?`, sub.OrgID, sub.StudentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("student %s: %w", sub.StudentID, store.ErrNotFound)
			}
			draft := 1
			if sub.AssignmentID != "" {
				if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(draft), 0) + 1 FROM submissions WHERE org_id = ? AND student_id = ? AND assignment_id = ?`,
					sub.OrgID, sub.StudentID, sub.AssignmentID).Scan(&draft); err != nil {
					return err
				}
			}
			_, err := q.Exec(ctx, `INSERT INTO submissions (`+submissionCols+`, text, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sub.ID, sub.OrgID, sub.StudentID, sub.AssignmentID, draft, sub.Question, sub.Rubric, sub.Topic, sub.Locale,
				sub.Level, sub.Mark, sub.MaxMark, sub.ClioVersion, sub.Analyzers, sub.RubricVersion, micros(sub.Created),
				sub.Text, string(sub.Report))
			if err != nil {
				return err
			}
			stored := *sub
			stored.Draft = draft
			if err := insertEvent(ctx, q, store.EventSubmissionStored, stored, nil, sub.Created); err != nil {
				return err
			}
			sub.Draft = draft
			return nil
		})
		if !errors.Is(err, store.ErrConflict) || sub.AssignmentID == "" {
			break
		}
		// A conflict on the draft number: another server took it. The id
		// itself is random, so try again with the next number.
		if ctx.Err() != nil {
			break
		}
	}
	return err
}

func (s *Store) GetSubmission(ctx context.Context, orgID, id string) (store.Submission, error) {
	sub, err := scanFullSubmission(s.c.Read().QueryRow(ctx, `SELECT `+submissionCols+`, text, report FROM submissions WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return store.Submission{}, fmt.Errorf("submission %s: %w", id, err)
	}
	return sub, nil
}

func (s *Store) ListSubmissions(ctx context.Context, orgID string, f store.SubmissionFilter) ([]store.Submission, error) {
	q := `SELECT ` + submissionCols + ` FROM submissions WHERE org_id = ?`
	args := []any{orgID}
	if f.StudentID != "" {
		q += ` AND student_id = ?`
		args = append(args, f.StudentID)
	}
	if f.AssignmentID != "" {
		q += ` AND assignment_id = ?`
		args = append(args, f.AssignmentID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += fmt.Sprintf(` ORDER BY created DESC, id LIMIT %d`, limit)
	return list(ctx, s.c.Read(), q, args, func(r interface{ Scan(...any) error }) (store.Submission, error) { return scanSubmission(r) })
}

func (s *Store) Drafts(ctx context.Context, orgID, studentID, assignmentID string) ([]store.Submission, error) {
	return list(ctx, s.c.Read(), `SELECT `+submissionCols+`, text, report FROM submissions
		WHERE org_id = ? AND student_id = ? AND assignment_id = ? ORDER BY draft, created`,
		[]any{orgID, studentID, assignmentID}, scanFullSubmission)
}

func (s *Store) GetDraft(ctx context.Context, orgID, studentID, assignmentID string, draft int) (store.Submission, error) {
	sub, err := scanFullSubmission(s.c.Read().QueryRow(ctx, `SELECT `+submissionCols+`, text, report FROM submissions
		WHERE org_id = ? AND student_id = ? AND assignment_id = ? AND draft = ? AND assignment_id <> ''`,
		orgID, studentID, assignmentID, draft))
	if err != nil {
		return store.Submission{}, fmt.Errorf("draft %d: %w", draft, err)
	}
	return sub, nil
}

func (s *Store) PutReview(ctx context.Context, r store.Review) error {
	return s.write(ctx, func(q Querier) error {
		sub, err := scanSubmission(q.QueryRow(ctx, `SELECT `+submissionCols+` FROM submissions WHERE org_id = ? AND id = ?`, r.OrgID, r.SubmissionID))
		if err != nil {
			return fmt.Errorf("submission %s: %w", r.SubmissionID, err)
		}
		_, err = q.Exec(ctx, `INSERT INTO reviews (submission_id, org_id, reviewer_id, suggested_level, suggested_mark, final_level, final_mark, overridden, comment, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (submission_id) DO UPDATE SET reviewer_id = excluded.reviewer_id,
				suggested_level = excluded.suggested_level, suggested_mark = excluded.suggested_mark,
				final_level = excluded.final_level, final_mark = excluded.final_mark,
				overridden = excluded.overridden, comment = excluded.comment, created = excluded.created`,
			r.SubmissionID, r.OrgID, r.ReviewerID, r.SuggestedLevel, r.SuggestedMark, r.FinalLevel, r.FinalMark,
			b2i(r.Overridden), r.Comment, micros(r.Created))
		if err != nil {
			return err
		}
		return insertEvent(ctx, q, store.EventReviewStored, sub, &r, r.Created)
	})
}

const reviewCols = `submission_id, org_id, reviewer_id, suggested_level, suggested_mark, final_level, final_mark, overridden, comment, created`

func (s *Store) GetReview(ctx context.Context, orgID, submissionID string) (store.Review, error) {
	var r store.Review
	var ov int
	var created int64
	err := s.c.Read().QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE org_id = ? AND submission_id = ?`, orgID, submissionID).
		Scan(&r.SubmissionID, &r.OrgID, &r.ReviewerID, &r.SuggestedLevel, &r.SuggestedMark, &r.FinalLevel, &r.FinalMark, &ov, &r.Comment, &created)
	if err != nil {
		return store.Review{}, fmt.Errorf("review of %s: %w", submissionID, err)
	}
	r.Overridden, r.Created = ov != 0, fromMicros(created)
	return r, nil
}

func (s *Store) ListMarkbook(ctx context.Context, orgID string, f store.MarkbookFilter) ([]store.MarkbookRow, error) {
	var b strings.Builder
	b.WriteString(`SELECT s.id, s.student_id, COALESCE(u.name, ''), s.assignment_id, COALESCE(a.title, ''), s.draft,
		s.level, s.mark, s.max_mark, s.created,
		r.reviewer_id, r.suggested_level, r.suggested_mark, r.final_level, r.final_mark, r.overridden, r.comment, r.created,
		COALESCE(ru.name, '')
		FROM submissions s
		LEFT JOIN users u ON u.id = s.student_id AND u.org_id = s.org_id
		LEFT JOIN assignments a ON a.id = s.assignment_id AND a.org_id = s.org_id
		LEFT JOIN reviews r ON r.submission_id = s.id AND r.org_id = s.org_id
		LEFT JOIN users ru ON ru.id = r.reviewer_id AND ru.org_id = s.org_id
		WHERE s.org_id = ?`)
	args := []any{orgID}
	if f.AssignmentID != "" {
		b.WriteString(` AND s.assignment_id = ?`)
		args = append(args, f.AssignmentID)
	}
	if f.ReviewedOnly {
		b.WriteString(` AND r.submission_id IS NOT NULL`)
	}
	if f.LatestOnly {
		b.WriteString(` AND s.draft = (SELECT MAX(s2.draft) FROM submissions s2 WHERE s2.org_id = s.org_id AND s2.student_id = s.student_id AND s2.assignment_id = s.assignment_id)`)
	}
	b.WriteString(` ORDER BY COALESCE(a.title, ''), s.assignment_id, COALESCE(u.name, ''), s.student_id, s.draft, s.created, s.id`)
	return list(ctx, s.c.Read(), b.String(), args, func(r interface{ Scan(...any) error }) (store.MarkbookRow, error) {
		var m store.MarkbookRow
		var created int64
		var reviewer, comment *string
		var sl, sm, fl, fm, ov, rc *int64
		err := r.Scan(&m.SubmissionID, &m.StudentID, &m.StudentName, &m.AssignmentID, &m.AssignmentTitle, &m.Draft,
			&m.SuggestedLevel, &m.SuggestedMark, &m.MaxMark, &created,
			&reviewer, &sl, &sm, &fl, &fm, &ov, &comment, &rc, &m.ReviewerName)
		if err != nil {
			return m, err
		}
		m.Submitted = fromMicros(created)
		if reviewer != nil && sl != nil && sm != nil && fl != nil && fm != nil && ov != nil && comment != nil && rc != nil {
			m.Review = &store.Review{SubmissionID: m.SubmissionID, OrgID: orgID, ReviewerID: *reviewer,
				SuggestedLevel: int(*sl), SuggestedMark: int(*sm), FinalLevel: int(*fl), FinalMark: int(*fm),
				Overridden: *ov != 0, Comment: *comment, Created: fromMicros(*rc)}
		}
		return m, nil
	})
}

func (s *Store) CreateRubric(ctx context.Context, r store.CustomRubric) error {
	return s.write(ctx, func(q Querier) error {
		if err := orgExists(ctx, q, r.OrgID); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `INSERT INTO rubrics (org_id, id, body, created) VALUES (?, ?, ?, ?)`,
			r.OrgID, r.ID, string(r.Body), micros(r.Created))
		return err
	})
}

func scanRubric(r interface{ Scan(...any) error }) (store.CustomRubric, error) {
	var c store.CustomRubric
	var body string
	var created int64
	if err := r.Scan(&c.OrgID, &c.ID, &body, &created); err != nil {
		return c, err
	}
	c.Body, c.Created = []byte(body), fromMicros(created)
	return c, nil
}

func (s *Store) GetRubric(ctx context.Context, orgID, id string) (store.CustomRubric, error) {
	c, err := scanRubric(s.c.Read().QueryRow(ctx, `SELECT org_id, id, body, created FROM rubrics WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return c, fmt.Errorf("rubric %s: %w", id, err)
	}
	return c, nil
}

func (s *Store) ListRubrics(ctx context.Context, orgID string) ([]store.CustomRubric, error) {
	return list(ctx, s.c.Read(), `SELECT org_id, id, body, created FROM rubrics WHERE org_id = ? ORDER BY id`, []any{orgID}, scanRubric)
}

// ConnOf returns the Conn under a store New made, or nil.
func ConnOf(s store.Store) Conn {
	if st, ok := s.(*Store); ok {
		return st.c
	}
	return nil
}
