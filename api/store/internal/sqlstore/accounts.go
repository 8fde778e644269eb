package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clio-history/clio/api/store"
)

func (s *Store) CreateUserWithCredential(ctx context.Context, u store.User, c store.Credential) error {
	return s.write(ctx, func(q Querier) error {
		if err := orgExists(ctx, q, u.OrgID); err != nil {
			return err
		}
		if err := insertUser(ctx, q, u); err != nil {
			return fmt.Errorf("user %s: %w", u.ID, err)
		}
		_, err := q.Exec(ctx, `INSERT INTO web_credentials (login, org_id, user_id, hash) VALUES (?, ?, ?, ?)`,
			c.Login, c.OrgID, c.UserID, c.Hash)
		if err != nil {
			return fmt.Errorf("login %s: %w", c.Login, err)
		}
		return nil
	})
}

func (s *Store) CredentialByLogin(ctx context.Context, login string) (store.Credential, error) {
	c := store.Credential{Login: login}
	err := s.c.Read().QueryRow(ctx, `SELECT org_id, user_id, hash FROM web_credentials WHERE login = ?`, login).
		Scan(&c.OrgID, &c.UserID, &c.Hash)
	if err != nil {
		return store.Credential{}, fmt.Errorf("login %s: %w", login, err)
	}
	return c, nil
}

func (s *Store) CreateUserWithAccessCode(ctx context.Context, u store.User, c store.AccessCode) error {
	return s.write(ctx, func(q Querier) error {
		if err := orgExists(ctx, q, u.OrgID); err != nil {
			return err
		}
		if err := insertUser(ctx, q, u); err != nil {
			return fmt.Errorf("user %s: %w", u.ID, err)
		}
		_, err := q.Exec(ctx, `INSERT INTO web_access_codes (hash, org_id, user_id, created) VALUES (?, ?, ?, ?)`,
			c.Hash, c.OrgID, c.UserID, micros(c.Created))
		if err != nil {
			return fmt.Errorf("access code: %w", err)
		}
		return nil
	})
}

func (s *Store) AccessCodeByHash(ctx context.Context, hash string) (store.AccessCode, error) {
	c := store.AccessCode{Hash: hash}
	var created int64
	err := s.c.Read().QueryRow(ctx, `SELECT org_id, user_id, created FROM web_access_codes WHERE hash = ?`, hash).
		Scan(&c.OrgID, &c.UserID, &created)
	if err != nil {
		return store.AccessCode{}, fmt.Errorf("access code: %w", err)
	}
	c.Created = fromMicros(created)
	return c, nil
}

func (s *Store) CreateSession(ctx context.Context, ses store.Session) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO web_sessions (token_hash, org_id, user_id, csrf, expires) VALUES (?, ?, ?, ?, ?)`,
			ses.TokenHash, ses.OrgID, ses.UserID, ses.CSRF, micros(ses.Expires))
		return err
	})
}

func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (store.Session, error) {
	ses := store.Session{TokenHash: hash}
	var exp int64
	err := s.c.Read().QueryRow(ctx, `SELECT org_id, user_id, csrf, expires FROM web_sessions WHERE token_hash = ? AND expires > ?`,
		hash, micros(now)).Scan(&ses.OrgID, &ses.UserID, &ses.CSRF, &exp)
	if err != nil {
		return store.Session{}, fmt.Errorf("session: %w", err)
	}
	ses.Expires = fromMicros(exp)
	return ses, nil
}

func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `DELETE FROM web_sessions WHERE token_hash = ?`, hash)
		return err
	})
}

func (s *Store) PurgeSessions(ctx context.Context, now time.Time) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `DELETE FROM web_sessions WHERE expires <= ?`, micros(now))
		return err
	})
}

func (s *Store) PutAssignmentOptions(ctx context.Context, o store.AssignmentOptions) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO web_assignment_options (org_id, assignment_id, hide_marks) VALUES (?, ?, ?)
			ON CONFLICT (org_id, assignment_id) DO UPDATE SET hide_marks = excluded.hide_marks`, o.OrgID, o.AssignmentID, b2i(o.HideMarks))
		return err
	})
}

func (s *Store) AssignmentOptions(ctx context.Context, orgID, assignmentID string) (store.AssignmentOptions, error) {
	o := store.AssignmentOptions{OrgID: orgID, AssignmentID: assignmentID}
	var hide int
	err := s.c.Read().QueryRow(ctx, `SELECT hide_marks FROM web_assignment_options WHERE org_id = ? AND assignment_id = ?`,
		orgID, assignmentID).Scan(&hide)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return o, nil
	case err != nil:
		return o, fmt.Errorf("assignment options: %w", err)
	}
	o.HideMarks = hide != 0
	return o, nil
}

// CountSignIns starts a new window when a key's last one has ended, so one
// upsert both counts the attempt and reads the count: concurrent attempts
// for one key are each counted before any is checked.
func (s *Store) CountSignIns(ctx context.Context, keys []string, now time.Time, window time.Duration) ([]int, error) {
	out := make([]int, len(keys))
	ended := micros(now.Add(-window))
	err := s.write(ctx, func(q Querier) error {
		for i, key := range keys {
			err := q.QueryRow(ctx, `INSERT INTO signin_attempts (subject, attempts, window_start) VALUES (?, 1, ?)
				ON CONFLICT (subject) DO UPDATE SET
					attempts = CASE WHEN signin_attempts.window_start <= ? THEN 1 ELSE signin_attempts.attempts + 1 END,
					window_start = CASE WHEN signin_attempts.window_start <= ? THEN excluded.window_start ELSE signin_attempts.window_start END
				RETURNING attempts`, key, micros(now), ended, ended).Scan(&out[i])
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("counting a sign-in: %w", err)
	}
	return out, nil
}

func (s *Store) SignIns(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	var n int
	err := s.c.Read().QueryRow(ctx, `SELECT attempts FROM signin_attempts WHERE subject = ? AND window_start > ?`,
		key, micros(now.Add(-window))).Scan(&n)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("reading sign-ins: %w", err)
	}
	return n, nil
}

func (s *Store) UncountSignIn(ctx context.Context, key string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `UPDATE signin_attempts SET attempts = attempts - 1 WHERE subject = ? AND attempts > 0`, key)
		return err
	})
}

func (s *Store) ClearSignIns(ctx context.Context, key string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `DELETE FROM signin_attempts WHERE subject = ?`, key)
		return err
	})
}

func (s *Store) PurgeSignIns(ctx context.Context, now time.Time, window time.Duration) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `DELETE FROM signin_attempts WHERE window_start <= ?`, micros(now.Add(-window)))
		return err
	})
}
