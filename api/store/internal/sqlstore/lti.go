package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/clio-history/clio/api/store"
)

// The LMS integration's tables (prefixed lti_). Lists are JSON text; times
// are Unix microseconds, as elsewhere.

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseList(s string) []string {
	var v []string
	_ = json.Unmarshal([]byte(s), &v)
	return v
}

const platformCols = `id, org_id, name, issuer, client_id, deployment_ids, jwks_url, auth_url, token_url, audience, auth_method, created`

func scanPlatform(sc interface{ Scan(...any) error }) (store.Platform, error) {
	var p store.Platform
	var deps string
	var created int64
	if err := sc.Scan(&p.ID, &p.OrgID, &p.Name, &p.Issuer, &p.ClientID, &deps, &p.JWKSURL, &p.AuthURL, &p.TokenURL, &p.Audience, &p.AuthMethod, &created); err != nil {
		return store.Platform{}, err
	}
	p.DeploymentIDs = parseList(deps)
	p.Created = fromMicros(created)
	return p, nil
}

func (s *Store) CreatePlatform(ctx context.Context, p store.Platform) error {
	err := s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_platforms (`+platformCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.OrgID, p.Name, p.Issuer, p.ClientID, jsonList(p.DeploymentIDs), p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience, p.AuthMethod, micros(p.Created))
		return err
	})
	if err != nil {
		return fmt.Errorf("platform %s with client id %s: %w", p.Issuer, p.ClientID, err)
	}
	return nil
}

func (s *Store) UpdatePlatform(ctx context.Context, p store.Platform) error {
	err := s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE lti_platforms SET name = ?, issuer = ?, client_id = ?, deployment_ids = ?, jwks_url = ?, auth_url = ?, token_url = ?, audience = ?, auth_method = ?
			WHERE id = ? AND org_id = ?`,
			p.Name, p.Issuer, p.ClientID, jsonList(p.DeploymentIDs), p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience, p.AuthMethod, p.ID, p.OrgID)
		if err == nil && n == 0 {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("platform %s: %w", p.ID, err)
	}
	return nil
}

func (s *Store) GetPlatform(ctx context.Context, id string) (store.Platform, error) {
	p, err := scanPlatform(s.c.Read().QueryRow(ctx, `SELECT `+platformCols+` FROM lti_platforms WHERE id = ?`, id))
	if err != nil {
		return p, fmt.Errorf("platform %s: %w", id, err)
	}
	return p, nil
}

func (s *Store) PlatformsByIssuer(ctx context.Context, issuer string) ([]store.Platform, error) {
	return list(ctx, s.c.Read(), `SELECT `+platformCols+` FROM lti_platforms WHERE issuer = ? ORDER BY created, id`, []any{issuer}, scanPlatform)
}

func (s *Store) ListPlatforms(ctx context.Context, orgID string) ([]store.Platform, error) {
	return list(ctx, s.c.Read(), `SELECT `+platformCols+` FROM lti_platforms WHERE org_id = ? ORDER BY created, id`, []any{orgID}, scanPlatform)
}

func (s *Store) DeletePlatform(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `DELETE FROM lti_platforms WHERE id = ? AND org_id = ?`, id, orgID)
		if err == nil && n == 0 {
			err = fmt.Errorf("platform %s: %w", id, store.ErrNotFound)
		}
		return err
	})
}

func (s *Store) AddToolKey(ctx context.Context, k store.ToolKey) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_tool_keys (kid, private_pem, created, retired) VALUES (?, ?, ?, ?)`,
			k.KID, string(k.PrivatePEM), micros(k.Created), optMicros(k.Retired))
		return err
	})
}

func (s *Store) ToolKeys(ctx context.Context) ([]store.ToolKey, error) {
	return list(ctx, s.c.Read(), `SELECT kid, private_pem, created, retired FROM lti_tool_keys ORDER BY created DESC, kid`, nil,
		func(r interface{ Scan(...any) error }) (store.ToolKey, error) {
			var k store.ToolKey
			var pem string
			var created int64
			var retired *int64
			if err := r.Scan(&k.KID, &pem, &created, &retired); err != nil {
				return k, err
			}
			k.PrivatePEM, k.Created, k.Retired = []byte(pem), fromMicros(created), optTime(retired)
			return k, nil
		})
}

func (s *Store) RetireToolKey(ctx context.Context, kid string, at time.Time) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `UPDATE lti_tool_keys SET retired = ? WHERE kid = ? AND retired IS NULL`, micros(at), kid)
		return err
	})
}

func (s *Store) SaveState(ctx context.Context, st store.LoginState) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_states (state, nonce, binding, platform_id, expires, used) VALUES (?, ?, ?, ?, ?, 0)`,
			st.State, st.Nonce, st.Binding, st.PlatformID, micros(st.Expires))
		return err
	})
}

func (s *Store) TakeState(ctx context.Context, state string, now time.Time) (store.LoginState, error) {
	var st store.LoginState
	err := s.write(ctx, func(q Querier) error {
		var expires int64
		var used int
		if err := q.QueryRow(ctx, `SELECT state, nonce, binding, platform_id, expires, used FROM lti_states WHERE state = ?`, state).
			Scan(&st.State, &st.Nonce, &st.Binding, &st.PlatformID, &expires, &used); err != nil {
			return err
		}
		st.Expires = fromMicros(expires)
		if !now.Before(st.Expires) {
			return fmt.Errorf("expired: %w", store.ErrNotFound)
		}
		if used != 0 {
			return store.ErrUsed
		}
		// The guard on used makes two servers taking the state at once
		// (PostgreSQL runs them side by side) find one winner.
		n, err := q.Exec(ctx, `UPDATE lti_states SET used = 1 WHERE state = ? AND used = 0`, state)
		if err == nil && n == 0 {
			err = store.ErrUsed
		}
		return err
	})
	if err != nil {
		return store.LoginState{}, fmt.Errorf("login state: %w", err)
	}
	return st, nil
}

func (s *Store) UseNonce(ctx context.Context, nonce string, expires time.Time) error {
	return s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `INSERT INTO lti_nonces (nonce, expires) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING`, nonce, micros(expires))
		if err == nil && n == 0 {
			err = fmt.Errorf("nonce: %w", store.ErrUsed)
		}
		return err
	})
}

func (s *Store) Sweep(ctx context.Context, now time.Time) error {
	return s.write(ctx, func(q Querier) error {
		// Nonces are kept a day past expiry so a replay of a token whose exp
		// was stretched by clock skew is still caught.
		if _, err := q.Exec(ctx, `DELETE FROM lti_states WHERE expires < ?`, micros(now.Add(-time.Hour))); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `DELETE FROM lti_nonces WHERE expires < ?`, micros(now.Add(-24*time.Hour)))
		return err
	})
}

func (s *Store) Link(ctx context.Context, platformID, kind, lmsID, clioID string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_links (platform_id, kind, lms_id, clio_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (platform_id, kind, lms_id) DO UPDATE SET clio_id = excluded.clio_id`, platformID, kind, lmsID, clioID)
		return err
	})
}

func (s *Store) LinkedID(ctx context.Context, platformID, kind, lmsID string) (string, error) {
	var id string
	err := s.c.Read().QueryRow(ctx, `SELECT clio_id FROM lti_links WHERE platform_id = ? AND kind = ? AND lms_id = ?`, platformID, kind, lmsID).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("%s link: %w", kind, err)
	}
	return id, nil
}

func (s *Store) LMSID(ctx context.Context, platformID, kind, clioID string) (string, error) {
	var id string
	err := s.c.Read().QueryRow(ctx, `SELECT lms_id FROM lti_links WHERE platform_id = ? AND kind = ? AND clio_id = ? ORDER BY lms_id LIMIT 1`,
		platformID, kind, clioID).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("%s link: %w", kind, err)
	}
	return id, nil
}

const linkCols = `platform_id, resource_link_id, org_id, deployment_id, context_id, assignment_id, title, lineitems_url, lineitem_url, scopes, updated`

func scanResourceLink(sc interface{ Scan(...any) error }) (store.ResourceLink, error) {
	var l store.ResourceLink
	var scopes string
	var updated int64
	if err := sc.Scan(&l.PlatformID, &l.ResourceLinkID, &l.OrgID, &l.DeploymentID, &l.ContextID, &l.AssignmentID, &l.Title,
		&l.LineItemsURL, &l.LineItemURL, &scopes, &updated); err != nil {
		return store.ResourceLink{}, err
	}
	l.Scopes, l.Updated = parseList(scopes), fromMicros(updated)
	return l, nil
}

// SaveResourceLink creates or updates a resource link. A line item found by
// the worker is kept when the launch carries none.
func (s *Store) SaveResourceLink(ctx context.Context, l store.ResourceLink) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_resource_links (`+linkCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (platform_id, resource_link_id) DO UPDATE SET org_id = excluded.org_id, deployment_id = excluded.deployment_id,
			context_id = excluded.context_id, assignment_id = excluded.assignment_id, title = excluded.title,
			lineitems_url = excluded.lineitems_url,
			lineitem_url = CASE WHEN excluded.lineitem_url <> '' THEN excluded.lineitem_url ELSE lti_resource_links.lineitem_url END,
			scopes = excluded.scopes, updated = excluded.updated`,
			l.PlatformID, l.ResourceLinkID, l.OrgID, l.DeploymentID, l.ContextID, l.AssignmentID, l.Title, l.LineItemsURL, l.LineItemURL,
			jsonList(l.Scopes), micros(l.Updated))
		return err
	})
}

func (s *Store) GetResourceLink(ctx context.Context, platformID, resourceLinkID string) (store.ResourceLink, error) {
	l, err := scanResourceLink(s.c.Read().QueryRow(ctx, `SELECT `+linkCols+` FROM lti_resource_links WHERE platform_id = ? AND resource_link_id = ?`,
		platformID, resourceLinkID))
	if err != nil {
		return l, fmt.Errorf("resource link %s: %w", resourceLinkID, err)
	}
	return l, nil
}

func (s *Store) ResourceLinksForAssignment(ctx context.Context, orgID, assignmentID string) ([]store.ResourceLink, error) {
	return list(ctx, s.c.Read(), `SELECT `+linkCols+` FROM lti_resource_links WHERE org_id = ? AND assignment_id = ? ORDER BY platform_id, resource_link_id`,
		[]any{orgID, assignmentID}, scanResourceLink)
}

func (s *Store) SetLineItem(ctx context.Context, platformID, resourceLinkID, lineItemURL string) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `UPDATE lti_resource_links SET lineitem_url = ? WHERE platform_id = ? AND resource_link_id = ?`,
			lineItemURL, platformID, resourceLinkID)
		return err
	})
}

const scoreCols = `id, dedupe_key, org_id, platform_id, resource_link_id, submission_id, max_mark, score, status, attempts, next_attempt, last_error, created, done`

func scanScore(sc interface{ Scan(...any) error }) (store.ScoreJob, error) {
	var j store.ScoreJob
	var score string
	var next, created int64
	var done *int64
	if err := sc.Scan(&j.ID, &j.DedupeKey, &j.OrgID, &j.PlatformID, &j.ResourceLinkID, &j.SubmissionID, &j.MaxMark, &score, &j.Status,
		&j.Attempts, &next, &j.LastError, &created, &done); err != nil {
		return store.ScoreJob{}, err
	}
	j.Score, j.NextAttempt, j.Created, j.Done = []byte(score), fromMicros(next), fromMicros(created), optTime(done)
	return j, nil
}

func (s *Store) EnqueueScore(ctx context.Context, j store.ScoreJob) (bool, error) {
	return s.enqueue(ctx, `INSERT INTO lti_score_queue (`+scoreCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		j.ID, j.DedupeKey, j.OrgID, j.PlatformID, j.ResourceLinkID, j.SubmissionID, j.MaxMark, string(j.Score), store.StatusPending, 0,
		micros(j.NextAttempt), "", micros(j.Created), nil)
}

func (s *Store) enqueue(ctx context.Context, query string, args ...any) (bool, error) {
	queued := false
	err := s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, query, args...)
		queued = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("queueing: %w", err)
	}
	return queued, nil
}

// claim leases the oldest due pending row of table (whose id is the key)
// until lease. The guard on next_attempt in the update makes two servers
// claiming at once find one winner; the loser looks again.
func (s *Store) claim(ctx context.Context, table string, now, lease time.Time) (string, error) {
	for range 5 {
		var id string
		err := s.c.Read().QueryRow(ctx, `SELECT id FROM `+table+` WHERE status = ? AND next_attempt <= ? ORDER BY next_attempt, id LIMIT 1`,
			store.StatusPending, micros(now)).Scan(&id)
		if err != nil {
			return "", err
		}
		var n int64
		err = s.write(ctx, func(q Querier) error {
			var err error
			n, err = q.Exec(ctx, `UPDATE `+table+` SET next_attempt = ? WHERE id = ? AND status = ? AND next_attempt <= ?`,
				micros(lease), id, store.StatusPending, micros(now))
			return err
		})
		if err != nil {
			return "", err
		}
		if n == 1 {
			return id, nil
		}
	}
	return "", store.ErrNotFound
}

func (s *Store) ClaimScore(ctx context.Context, now, leaseUntil time.Time) (store.ScoreJob, error) {
	id, err := s.claim(ctx, "lti_score_queue", now, leaseUntil)
	if err != nil {
		return store.ScoreJob{}, fmt.Errorf("claiming a score: %w", err)
	}
	j, err := scanScore(s.c.Read().QueryRow(ctx, `SELECT `+scoreCols+` FROM lti_score_queue WHERE id = ?`, id))
	if err != nil {
		return j, fmt.Errorf("claiming a score: %w", err)
	}
	return j, nil
}

func (s *Store) finish(ctx context.Context, update string, args []any, a store.Attempt) error {
	return s.write(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, update, args...); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `INSERT INTO lti_attempts (job_id, n, at, code, error) VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, n) DO NOTHING`,
			a.JobID, a.N, micros(a.At), a.Code, a.Error)
		return err
	})
}

func (s *Store) FinishScore(ctx context.Context, j store.ScoreJob, a store.Attempt) error {
	err := s.finish(ctx, `UPDATE lti_score_queue SET status = ?, attempts = ?, next_attempt = ?, last_error = ?, done = ? WHERE id = ?`,
		[]any{j.Status, j.Attempts, micros(j.NextAttempt), j.LastError, optMicros(j.Done), j.ID}, a)
	if err != nil {
		return fmt.Errorf("recording a score attempt: %w", err)
	}
	return nil
}

func (s *Store) ListScores(ctx context.Context, orgID string) ([]store.ScoreJob, error) {
	return list(ctx, s.c.Read(), `SELECT `+scoreCols+` FROM lti_score_queue WHERE org_id = ? ORDER BY created, id`, []any{orgID}, scanScore)
}

func scanWebhook(sc interface{ Scan(...any) error }) (store.Webhook, error) {
	var w store.Webhook
	var created int64
	if err := sc.Scan(&w.ID, &w.OrgID, &w.URL, &w.Secret, &created); err != nil {
		return store.Webhook{}, err
	}
	w.Created = fromMicros(created)
	return w, nil
}

func (s *Store) CreateWebhook(ctx context.Context, w store.Webhook) error {
	return s.write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO lti_webhooks (id, org_id, url, secret, created) VALUES (?, ?, ?, ?, ?)`,
			w.ID, w.OrgID, w.URL, w.Secret, micros(w.Created))
		return err
	})
}

func (s *Store) ListWebhooks(ctx context.Context, orgID string) ([]store.Webhook, error) {
	return list(ctx, s.c.Read(), `SELECT id, org_id, url, secret, created FROM lti_webhooks WHERE org_id = ? ORDER BY created, id`, []any{orgID}, scanWebhook)
}

func (s *Store) GetWebhook(ctx context.Context, orgID, id string) (store.Webhook, error) {
	w, err := scanWebhook(s.c.Read().QueryRow(ctx, `SELECT id, org_id, url, secret, created FROM lti_webhooks WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return w, fmt.Errorf("webhook %s: %w", id, err)
	}
	return w, nil
}

func (s *Store) DeleteWebhook(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `DELETE FROM lti_webhooks WHERE org_id = ? AND id = ?`, orgID, id)
		if err == nil && n == 0 {
			err = fmt.Errorf("webhook %s: %w", id, store.ErrNotFound)
		}
		return err
	})
}

const deliveryCols = `id, dedupe_key, webhook_id, org_id, event, body, status, attempts, next_attempt, last_error, last_code, created, done`

func scanDelivery(sc interface{ Scan(...any) error }) (store.Delivery, error) {
	var d store.Delivery
	var body string
	var next, created int64
	var done *int64
	if err := sc.Scan(&d.ID, &d.DedupeKey, &d.WebhookID, &d.OrgID, &d.Event, &body, &d.Status, &d.Attempts, &next, &d.LastError,
		&d.LastCode, &created, &done); err != nil {
		return store.Delivery{}, err
	}
	d.Body, d.NextAttempt, d.Created, d.Done = []byte(body), fromMicros(next), fromMicros(created), optTime(done)
	return d, nil
}

func (s *Store) EnqueueDelivery(ctx context.Context, d store.Delivery) (bool, error) {
	return s.enqueue(ctx, `INSERT INTO lti_webhook_deliveries (`+deliveryCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		d.ID, d.DedupeKey, d.WebhookID, d.OrgID, d.Event, string(d.Body), store.StatusPending, 0, micros(d.NextAttempt), "", 0, micros(d.Created), nil)
}

func (s *Store) ClaimDelivery(ctx context.Context, now, leaseUntil time.Time) (store.Delivery, error) {
	id, err := s.claim(ctx, "lti_webhook_deliveries", now, leaseUntil)
	if err != nil {
		return store.Delivery{}, fmt.Errorf("claiming a delivery: %w", err)
	}
	d, err := scanDelivery(s.c.Read().QueryRow(ctx, `SELECT `+deliveryCols+` FROM lti_webhook_deliveries WHERE id = ?`, id))
	if err != nil {
		return d, fmt.Errorf("claiming a delivery: %w", err)
	}
	return d, nil
}

func (s *Store) FinishDelivery(ctx context.Context, d store.Delivery, a store.Attempt) error {
	err := s.finish(ctx, `UPDATE lti_webhook_deliveries SET status = ?, attempts = ?, next_attempt = ?, last_error = ?, last_code = ?, done = ? WHERE id = ?`,
		[]any{d.Status, d.Attempts, micros(d.NextAttempt), d.LastError, d.LastCode, optMicros(d.Done), d.ID}, a)
	if err != nil {
		return fmt.Errorf("recording a delivery attempt: %w", err)
	}
	return nil
}

func (s *Store) ListDeliveries(ctx context.Context, orgID, webhookID string) ([]store.Delivery, error) {
	q := `SELECT ` + deliveryCols + ` FROM lti_webhook_deliveries WHERE org_id = ?`
	args := []any{orgID}
	if webhookID != "" {
		q += ` AND webhook_id = ?`
		args = append(args, webhookID)
	}
	return list(ctx, s.c.Read(), q+` ORDER BY created, id`, args, scanDelivery)
}

func (s *Store) Attempts(ctx context.Context, jobID string) ([]store.Attempt, error) {
	return list(ctx, s.c.Read(), `SELECT job_id, n, at, code, error FROM lti_attempts WHERE job_id = ? ORDER BY n`, []any{jobID},
		func(r interface{ Scan(...any) error }) (store.Attempt, error) {
			var a store.Attempt
			var at int64
			if err := r.Scan(&a.JobID, &a.N, &at, &a.Code, &a.Error); err != nil {
				return a, err
			}
			a.At = fromMicros(at)
			return a, nil
		})
}
