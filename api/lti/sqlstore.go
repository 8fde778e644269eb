package lti

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SQLStore is the Store over database/sql. It runs unchanged on SQLite
// (modernc.org/sqlite, driver "sqlite") and PostgreSQL (pgx stdlib, driver
// "pgx"): $N placeholders, portable types (times are Unix microseconds in
// BIGINT columns, lists are JSON text) and tables prefixed lti_.
type SQLStore struct {
	db *sql.DB
}

// NewSQLStore returns a store over db. Call Migrate before use. For SQLite,
// open db with a busy timeout (e.g. _pragma=busy_timeout(10000)) and WAL.
func NewSQLStore(db *sql.DB) *SQLStore { return &SQLStore{db: db} }

var _ Store = (*SQLStore)(nil)

var schema = []string{
	`CREATE TABLE IF NOT EXISTS lti_platforms (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		name TEXT NOT NULL,
		issuer TEXT NOT NULL,
		client_id TEXT NOT NULL,
		deployment_ids TEXT NOT NULL,
		jwks_url TEXT NOT NULL,
		auth_url TEXT NOT NULL,
		token_url TEXT NOT NULL,
		audience TEXT NOT NULL,
		created BIGINT NOT NULL,
		UNIQUE (issuer, client_id))`,
	`CREATE TABLE IF NOT EXISTS lti_tool_keys (
		kid TEXT PRIMARY KEY,
		private_pem TEXT NOT NULL,
		created BIGINT NOT NULL,
		retired BIGINT)`,
	`CREATE TABLE IF NOT EXISTS lti_states (
		state TEXT PRIMARY KEY,
		nonce TEXT NOT NULL,
		binding TEXT NOT NULL,
		platform_id TEXT NOT NULL,
		expires BIGINT NOT NULL,
		used INTEGER NOT NULL DEFAULT 0)`,
	`CREATE TABLE IF NOT EXISTS lti_nonces (
		nonce TEXT PRIMARY KEY,
		expires BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS lti_links (
		platform_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		lms_id TEXT NOT NULL,
		clio_id TEXT NOT NULL,
		PRIMARY KEY (platform_id, kind, lms_id))`,
	`CREATE INDEX IF NOT EXISTS lti_links_clio ON lti_links (platform_id, kind, clio_id)`,
	`CREATE TABLE IF NOT EXISTS lti_resource_links (
		platform_id TEXT NOT NULL,
		resource_link_id TEXT NOT NULL,
		org_id TEXT NOT NULL,
		deployment_id TEXT NOT NULL,
		context_id TEXT NOT NULL,
		assignment_id TEXT NOT NULL,
		title TEXT NOT NULL,
		lineitems_url TEXT NOT NULL,
		lineitem_url TEXT NOT NULL,
		scopes TEXT NOT NULL,
		updated BIGINT NOT NULL,
		PRIMARY KEY (platform_id, resource_link_id))`,
	`CREATE INDEX IF NOT EXISTS lti_resource_links_assignment ON lti_resource_links (org_id, assignment_id)`,
	`CREATE TABLE IF NOT EXISTS lti_score_queue (
		id TEXT PRIMARY KEY,
		dedupe_key TEXT NOT NULL UNIQUE,
		org_id TEXT NOT NULL,
		platform_id TEXT NOT NULL,
		resource_link_id TEXT NOT NULL,
		submission_id TEXT NOT NULL,
		max_mark INTEGER NOT NULL,
		score TEXT NOT NULL,
		status TEXT NOT NULL,
		attempts INTEGER NOT NULL,
		next_attempt BIGINT NOT NULL,
		last_error TEXT NOT NULL,
		created BIGINT NOT NULL,
		done BIGINT)`,
	`CREATE INDEX IF NOT EXISTS lti_score_queue_due ON lti_score_queue (status, next_attempt)`,
	`CREATE TABLE IF NOT EXISTS lti_webhooks (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		url TEXT NOT NULL,
		secret TEXT NOT NULL,
		created BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS lti_webhook_deliveries (
		id TEXT PRIMARY KEY,
		dedupe_key TEXT NOT NULL UNIQUE,
		webhook_id TEXT NOT NULL,
		org_id TEXT NOT NULL,
		event TEXT NOT NULL,
		body TEXT NOT NULL,
		status TEXT NOT NULL,
		attempts INTEGER NOT NULL,
		next_attempt BIGINT NOT NULL,
		last_error TEXT NOT NULL,
		last_code INTEGER NOT NULL,
		created BIGINT NOT NULL,
		done BIGINT)`,
	`CREATE INDEX IF NOT EXISTS lti_webhook_deliveries_due ON lti_webhook_deliveries (status, next_attempt)`,
	`CREATE TABLE IF NOT EXISTS lti_attempts (
		job_id TEXT NOT NULL,
		n INTEGER NOT NULL,
		at BIGINT NOT NULL,
		code INTEGER NOT NULL,
		error TEXT NOT NULL,
		PRIMARY KEY (job_id, n))`,
}

// Migrate creates the lti_ tables when they do not exist. It is safe to run
// on every start and from several servers at once.
func (s *SQLStore) Migrate(ctx context.Context) error {
	for _, stmt := range schema {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("lti: migrating: %w", err)
		}
	}
	return nil
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func optMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

func fromOptMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// isUnique reports whether err is a unique-constraint violation in either
// database, without importing either driver.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "unique") || strings.Contains(m, "duplicate key") || strings.Contains(m, "23505")
}

func noRow(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

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

const platformCols = `id, org_id, name, issuer, client_id, deployment_ids, jwks_url, auth_url, token_url, audience, created`

func scanPlatform(sc interface{ Scan(...any) error }) (Platform, error) {
	var p Platform
	var deps string
	var created int64
	err := sc.Scan(&p.ID, &p.OrgID, &p.Name, &p.Issuer, &p.ClientID, &deps, &p.JWKSURL, &p.AuthURL, &p.TokenURL, &p.Audience, &created)
	if err != nil {
		return p, noRow(err)
	}
	p.DeploymentIDs = parseList(deps)
	p.Created = fromMicros(created)
	return p, nil
}

func (s *SQLStore) CreatePlatform(ctx context.Context, p Platform) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_platforms (`+platformCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
		p.ID, p.OrgID, p.Name, p.Issuer, p.ClientID, jsonList(p.DeploymentIDs), p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience, micros(p.Created))
	if isUnique(err) {
		return fmt.Errorf("lti: platform %s with client id %s: %w", p.Issuer, p.ClientID, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("lti: creating platform: %w", err)
	}
	return nil
}

func (s *SQLStore) UpdatePlatform(ctx context.Context, p Platform) error {
	n, err := exec(ctx, s.db, `UPDATE lti_platforms SET name=$1, issuer=$2, client_id=$3, deployment_ids=$4, jwks_url=$5, auth_url=$6, token_url=$7, audience=$8 WHERE id=$9 AND org_id=$10`,
		p.Name, p.Issuer, p.ClientID, jsonList(p.DeploymentIDs), p.JWKSURL, p.AuthURL, p.TokenURL, p.Audience, p.ID, p.OrgID)
	if isUnique(err) {
		return fmt.Errorf("lti: platform %s with client id %s: %w", p.Issuer, p.ClientID, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("lti: updating platform: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("lti: platform %s: %w", p.ID, ErrNotFound)
	}
	return nil
}

func (s *SQLStore) GetPlatform(ctx context.Context, id string) (Platform, error) {
	p, err := scanPlatform(s.db.QueryRowContext(ctx, `SELECT `+platformCols+` FROM lti_platforms WHERE id=$1`, id))
	if err != nil {
		return p, fmt.Errorf("lti: platform %s: %w", id, err)
	}
	return p, nil
}

func (s *SQLStore) queryPlatforms(ctx context.Context, where string, arg any) ([]Platform, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+platformCols+` FROM lti_platforms WHERE `+where+` ORDER BY created, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("lti: listing platforms: %w", err)
	}
	defer rows.Close()
	var out []Platform
	for rows.Next() {
		p, err := scanPlatform(rows)
		if err != nil {
			return nil, fmt.Errorf("lti: listing platforms: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *SQLStore) PlatformsByIssuer(ctx context.Context, issuer string) ([]Platform, error) {
	return s.queryPlatforms(ctx, `issuer=$1`, issuer)
}

func (s *SQLStore) ListPlatforms(ctx context.Context, orgID string) ([]Platform, error) {
	return s.queryPlatforms(ctx, `org_id=$1`, orgID)
}

func (s *SQLStore) DeletePlatform(ctx context.Context, orgID, id string) error {
	n, err := exec(ctx, s.db, `DELETE FROM lti_platforms WHERE id=$1 AND org_id=$2`, id, orgID)
	if err != nil {
		return fmt.Errorf("lti: deleting platform: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("lti: platform %s: %w", id, ErrNotFound)
	}
	return nil
}

func exec(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, q string, args ...any) (int64, error) {
	res, err := db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (s *SQLStore) AddToolKey(ctx context.Context, k ToolKey) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_tool_keys (kid, private_pem, created, retired) VALUES ($1,$2,$3,$4)`,
		k.KID, string(k.PrivatePEM), micros(k.Created), optMicros(k.Retired))
	if err != nil {
		return fmt.Errorf("lti: adding tool key: %w", err)
	}
	return nil
}

func (s *SQLStore) ToolKeys(ctx context.Context) ([]ToolKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kid, private_pem, created, retired FROM lti_tool_keys ORDER BY created DESC, kid`)
	if err != nil {
		return nil, fmt.Errorf("lti: reading tool keys: %w", err)
	}
	defer rows.Close()
	var out []ToolKey
	for rows.Next() {
		var k ToolKey
		var pem string
		var created int64
		var retired sql.NullInt64
		if err := rows.Scan(&k.KID, &pem, &created, &retired); err != nil {
			return nil, fmt.Errorf("lti: reading tool keys: %w", err)
		}
		k.PrivatePEM = []byte(pem)
		k.Created = fromMicros(created)
		k.Retired = fromOptMicros(retired)
		out = append(out, k)
	}
	return out, rows.Err()
}

func (s *SQLStore) RetireToolKey(ctx context.Context, kid string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE lti_tool_keys SET retired=$1 WHERE kid=$2 AND retired IS NULL`, micros(at), kid)
	if err != nil {
		return fmt.Errorf("lti: retiring tool key: %w", err)
	}
	return nil
}

func (s *SQLStore) SaveState(ctx context.Context, st LoginState) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_states (state, nonce, binding, platform_id, expires, used) VALUES ($1,$2,$3,$4,$5,0)`,
		st.State, st.Nonce, st.Binding, st.PlatformID, micros(st.Expires))
	if err != nil {
		return fmt.Errorf("lti: saving login state: %w", err)
	}
	return nil
}

func (s *SQLStore) TakeState(ctx context.Context, state string, now time.Time) (LoginState, error) {
	var st LoginState
	var expires int64
	var used int
	err := s.db.QueryRowContext(ctx, `SELECT state, nonce, binding, platform_id, expires, used FROM lti_states WHERE state=$1`, state).
		Scan(&st.State, &st.Nonce, &st.Binding, &st.PlatformID, &expires, &used)
	if err != nil {
		return LoginState{}, fmt.Errorf("lti: login state: %w", noRow(err))
	}
	st.Expires = fromMicros(expires)
	if !now.Before(st.Expires) {
		return LoginState{}, fmt.Errorf("lti: login state expired: %w", ErrNotFound)
	}
	if used != 0 {
		return LoginState{}, fmt.Errorf("lti: login state: %w", ErrUsed)
	}
	n, err := exec(ctx, s.db, `UPDATE lti_states SET used=1 WHERE state=$1 AND used=0`, state)
	if err != nil {
		return LoginState{}, fmt.Errorf("lti: taking login state: %w", err)
	}
	if n == 0 {
		return LoginState{}, fmt.Errorf("lti: login state: %w", ErrUsed)
	}
	return st, nil
}

func (s *SQLStore) UseNonce(ctx context.Context, nonce string, expires time.Time) error {
	n, err := exec(ctx, s.db, `INSERT INTO lti_nonces (nonce, expires) VALUES ($1,$2) ON CONFLICT (nonce) DO NOTHING`, nonce, micros(expires))
	if err != nil {
		return fmt.Errorf("lti: recording nonce: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("lti: nonce: %w", ErrUsed)
	}
	return nil
}

func (s *SQLStore) Sweep(ctx context.Context, now time.Time) error {
	// Nonces are kept a day past expiry so a replay of a token whose exp
	// was stretched by clock skew is still caught.
	if _, err := s.db.ExecContext(ctx, `DELETE FROM lti_states WHERE expires < $1`, micros(now.Add(-time.Hour))); err != nil {
		return fmt.Errorf("lti: sweeping states: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM lti_nonces WHERE expires < $1`, micros(now.Add(-24*time.Hour))); err != nil {
		return fmt.Errorf("lti: sweeping nonces: %w", err)
	}
	return nil
}

func (s *SQLStore) Link(ctx context.Context, platformID, kind, lmsID, clioID string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_links (platform_id, kind, lms_id, clio_id) VALUES ($1,$2,$3,$4)
		ON CONFLICT (platform_id, kind, lms_id) DO UPDATE SET clio_id=excluded.clio_id`, platformID, kind, lmsID, clioID)
	if err != nil {
		return fmt.Errorf("lti: linking %s: %w", kind, err)
	}
	return nil
}

func (s *SQLStore) LinkedID(ctx context.Context, platformID, kind, lmsID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT clio_id FROM lti_links WHERE platform_id=$1 AND kind=$2 AND lms_id=$3`, platformID, kind, lmsID).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("lti: %s link: %w", kind, noRow(err))
	}
	return id, nil
}

func (s *SQLStore) LMSID(ctx context.Context, platformID, kind, clioID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT lms_id FROM lti_links WHERE platform_id=$1 AND kind=$2 AND clio_id=$3 ORDER BY lms_id LIMIT 1`, platformID, kind, clioID).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("lti: %s link: %w", kind, noRow(err))
	}
	return id, nil
}

const linkCols = `platform_id, resource_link_id, org_id, deployment_id, context_id, assignment_id, title, lineitems_url, lineitem_url, scopes, updated`

func scanLink(sc interface{ Scan(...any) error }) (ResourceLink, error) {
	var l ResourceLink
	var scopes string
	var updated int64
	if err := sc.Scan(&l.PlatformID, &l.ResourceLinkID, &l.OrgID, &l.DeploymentID, &l.ContextID, &l.AssignmentID, &l.Title, &l.LineItemsURL, &l.LineItemURL, &scopes, &updated); err != nil {
		return l, noRow(err)
	}
	l.Scopes = parseList(scopes)
	l.Updated = fromMicros(updated)
	return l, nil
}

// SaveResourceLink creates or updates a resource link. A line item found by
// the worker is kept when the launch carries none.
func (s *SQLStore) SaveResourceLink(ctx context.Context, l ResourceLink) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_resource_links (`+linkCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
		ON CONFLICT (platform_id, resource_link_id) DO UPDATE SET org_id=excluded.org_id, deployment_id=excluded.deployment_id,
		context_id=excluded.context_id, assignment_id=excluded.assignment_id, title=excluded.title,
		lineitems_url=excluded.lineitems_url,
		lineitem_url=CASE WHEN excluded.lineitem_url <> '' THEN excluded.lineitem_url ELSE lti_resource_links.lineitem_url END,
		scopes=excluded.scopes, updated=excluded.updated`,
		l.PlatformID, l.ResourceLinkID, l.OrgID, l.DeploymentID, l.ContextID, l.AssignmentID, l.Title, l.LineItemsURL, l.LineItemURL, jsonList(l.Scopes), micros(l.Updated))
	if err != nil {
		return fmt.Errorf("lti: saving resource link: %w", err)
	}
	return nil
}

func (s *SQLStore) GetResourceLink(ctx context.Context, platformID, resourceLinkID string) (ResourceLink, error) {
	l, err := scanLink(s.db.QueryRowContext(ctx, `SELECT `+linkCols+` FROM lti_resource_links WHERE platform_id=$1 AND resource_link_id=$2`, platformID, resourceLinkID))
	if err != nil {
		return l, fmt.Errorf("lti: resource link %s: %w", resourceLinkID, err)
	}
	return l, nil
}

func (s *SQLStore) ResourceLinksForAssignment(ctx context.Context, orgID, assignmentID string) ([]ResourceLink, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+linkCols+` FROM lti_resource_links WHERE org_id=$1 AND assignment_id=$2 ORDER BY platform_id, resource_link_id`, orgID, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("lti: listing resource links: %w", err)
	}
	defer rows.Close()
	var out []ResourceLink
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("lti: listing resource links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (s *SQLStore) SetLineItem(ctx context.Context, platformID, resourceLinkID, lineItemURL string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE lti_resource_links SET lineitem_url=$1 WHERE platform_id=$2 AND resource_link_id=$3`, lineItemURL, platformID, resourceLinkID)
	if err != nil {
		return fmt.Errorf("lti: saving line item: %w", err)
	}
	return nil
}

const scoreCols = `id, dedupe_key, org_id, platform_id, resource_link_id, submission_id, max_mark, score, status, attempts, next_attempt, last_error, created, done`

func scanScore(sc interface{ Scan(...any) error }) (ScoreJob, error) {
	var j ScoreJob
	var score string
	var next, created int64
	var done sql.NullInt64
	if err := sc.Scan(&j.ID, &j.DedupeKey, &j.OrgID, &j.PlatformID, &j.ResourceLinkID, &j.SubmissionID, &j.MaxMark, &score, &j.Status, &j.Attempts, &next, &j.LastError, &created, &done); err != nil {
		return j, noRow(err)
	}
	j.Score = []byte(score)
	j.NextAttempt = fromMicros(next)
	j.Created = fromMicros(created)
	j.Done = fromOptMicros(done)
	return j, nil
}

func (s *SQLStore) EnqueueScore(ctx context.Context, j ScoreJob) (bool, error) {
	n, err := exec(ctx, s.db, `INSERT INTO lti_score_queue (`+scoreCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (dedupe_key) DO NOTHING`,
		j.ID, j.DedupeKey, j.OrgID, j.PlatformID, j.ResourceLinkID, j.SubmissionID, j.MaxMark, string(j.Score), StatusPending, 0, micros(j.NextAttempt), "", micros(j.Created), nil)
	if err != nil {
		return false, fmt.Errorf("lti: queueing score: %w", err)
	}
	return n == 1, nil
}

// claim leases the oldest due row of table, retrying when another worker
// takes it first.
func (s *SQLStore) claim(ctx context.Context, table string, now, lease time.Time) (string, error) {
	for range 5 {
		var id string
		err := s.db.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE status=$1 AND next_attempt <= $2 ORDER BY next_attempt, id LIMIT 1`,
			StatusPending, micros(now)).Scan(&id)
		if err != nil {
			return "", noRow(err)
		}
		n, err := exec(ctx, s.db, `UPDATE `+table+` SET next_attempt=$1 WHERE id=$2 AND status=$3 AND next_attempt <= $4`,
			micros(lease), id, StatusPending, micros(now))
		if err != nil {
			return "", err
		}
		if n == 1 {
			return id, nil
		}
	}
	return "", ErrNotFound
}

func (s *SQLStore) ClaimScore(ctx context.Context, now, leaseUntil time.Time) (ScoreJob, error) {
	id, err := s.claim(ctx, "lti_score_queue", now, leaseUntil)
	if err != nil {
		return ScoreJob{}, fmt.Errorf("lti: claiming score: %w", err)
	}
	j, err := scanScore(s.db.QueryRowContext(ctx, `SELECT `+scoreCols+` FROM lti_score_queue WHERE id=$1`, id))
	if err != nil {
		return j, fmt.Errorf("lti: claiming score: %w", err)
	}
	return j, nil
}

func (s *SQLStore) finish(ctx context.Context, update string, args []any, a Attempt) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if _, err := tx.ExecContext(ctx, update, args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lti_attempts (job_id, n, at, code, error) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (job_id, n) DO NOTHING`,
		a.JobID, a.N, micros(a.At), a.Code, a.Error); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *SQLStore) FinishScore(ctx context.Context, j ScoreJob, a Attempt) error {
	err := s.finish(ctx, `UPDATE lti_score_queue SET status=$1, attempts=$2, next_attempt=$3, last_error=$4, done=$5 WHERE id=$6`,
		[]any{j.Status, j.Attempts, micros(j.NextAttempt), j.LastError, optMicros(j.Done), j.ID}, a)
	if err != nil {
		return fmt.Errorf("lti: recording score attempt: %w", err)
	}
	return nil
}

func (s *SQLStore) ListScores(ctx context.Context, orgID string) ([]ScoreJob, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+scoreCols+` FROM lti_score_queue WHERE org_id=$1 ORDER BY created, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("lti: listing scores: %w", err)
	}
	defer rows.Close()
	var out []ScoreJob
	for rows.Next() {
		j, err := scanScore(rows)
		if err != nil {
			return nil, fmt.Errorf("lti: listing scores: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func (s *SQLStore) CreateWebhook(ctx context.Context, w Webhook) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO lti_webhooks (id, org_id, url, secret, created) VALUES ($1,$2,$3,$4,$5)`,
		w.ID, w.OrgID, w.URL, w.Secret, micros(w.Created))
	if err != nil {
		return fmt.Errorf("lti: creating webhook: %w", err)
	}
	return nil
}

func (s *SQLStore) ListWebhooks(ctx context.Context, orgID string) ([]Webhook, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, url, secret, created FROM lti_webhooks WHERE org_id=$1 ORDER BY created, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("lti: listing webhooks: %w", err)
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		var w Webhook
		var created int64
		if err := rows.Scan(&w.ID, &w.OrgID, &w.URL, &w.Secret, &created); err != nil {
			return nil, fmt.Errorf("lti: listing webhooks: %w", err)
		}
		w.Created = fromMicros(created)
		out = append(out, w)
	}
	return out, rows.Err()
}

func (s *SQLStore) GetWebhook(ctx context.Context, orgID, id string) (Webhook, error) {
	var w Webhook
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT id, org_id, url, secret, created FROM lti_webhooks WHERE org_id=$1 AND id=$2`, orgID, id).
		Scan(&w.ID, &w.OrgID, &w.URL, &w.Secret, &created)
	if err != nil {
		return w, fmt.Errorf("lti: webhook %s: %w", id, noRow(err))
	}
	w.Created = fromMicros(created)
	return w, nil
}

func (s *SQLStore) DeleteWebhook(ctx context.Context, orgID, id string) error {
	n, err := exec(ctx, s.db, `DELETE FROM lti_webhooks WHERE org_id=$1 AND id=$2`, orgID, id)
	if err != nil {
		return fmt.Errorf("lti: deleting webhook: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("lti: webhook %s: %w", id, ErrNotFound)
	}
	return nil
}

const deliveryCols = `id, dedupe_key, webhook_id, org_id, event, body, status, attempts, next_attempt, last_error, last_code, created, done`

func scanDelivery(sc interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var body string
	var next, created int64
	var done sql.NullInt64
	if err := sc.Scan(&d.ID, &d.DedupeKey, &d.WebhookID, &d.OrgID, &d.Event, &body, &d.Status, &d.Attempts, &next, &d.LastError, &d.LastCode, &created, &done); err != nil {
		return d, noRow(err)
	}
	d.Body = []byte(body)
	d.NextAttempt = fromMicros(next)
	d.Created = fromMicros(created)
	d.Done = fromOptMicros(done)
	return d, nil
}

func (s *SQLStore) EnqueueDelivery(ctx context.Context, d Delivery) (bool, error) {
	n, err := exec(ctx, s.db, `INSERT INTO lti_webhook_deliveries (`+deliveryCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (dedupe_key) DO NOTHING`,
		d.ID, d.DedupeKey, d.WebhookID, d.OrgID, d.Event, string(d.Body), StatusPending, 0, micros(d.NextAttempt), "", 0, micros(d.Created), nil)
	if err != nil {
		return false, fmt.Errorf("lti: queueing delivery: %w", err)
	}
	return n == 1, nil
}

func (s *SQLStore) ClaimDelivery(ctx context.Context, now, leaseUntil time.Time) (Delivery, error) {
	id, err := s.claim(ctx, "lti_webhook_deliveries", now, leaseUntil)
	if err != nil {
		return Delivery{}, fmt.Errorf("lti: claiming delivery: %w", err)
	}
	d, err := scanDelivery(s.db.QueryRowContext(ctx, `SELECT `+deliveryCols+` FROM lti_webhook_deliveries WHERE id=$1`, id))
	if err != nil {
		return d, fmt.Errorf("lti: claiming delivery: %w", err)
	}
	return d, nil
}

func (s *SQLStore) FinishDelivery(ctx context.Context, d Delivery, a Attempt) error {
	err := s.finish(ctx, `UPDATE lti_webhook_deliveries SET status=$1, attempts=$2, next_attempt=$3, last_error=$4, last_code=$5, done=$6 WHERE id=$7`,
		[]any{d.Status, d.Attempts, micros(d.NextAttempt), d.LastError, d.LastCode, optMicros(d.Done), d.ID}, a)
	if err != nil {
		return fmt.Errorf("lti: recording delivery attempt: %w", err)
	}
	return nil
}

func (s *SQLStore) ListDeliveries(ctx context.Context, orgID, webhookID string) ([]Delivery, error) {
	q := `SELECT ` + deliveryCols + ` FROM lti_webhook_deliveries WHERE org_id=$1`
	args := []any{orgID}
	if webhookID != "" {
		q += ` AND webhook_id=$2`
		args = append(args, webhookID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY created, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("lti: listing deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("lti: listing deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *SQLStore) Attempts(ctx context.Context, jobID string) ([]Attempt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT job_id, n, at, code, error FROM lti_attempts WHERE job_id=$1 ORDER BY n`, jobID)
	if err != nil {
		return nil, fmt.Errorf("lti: listing attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		var at int64
		if err := rows.Scan(&a.JobID, &a.N, &at, &a.Code, &a.Error); err != nil {
			return nil, fmt.Errorf("lti: listing attempts: %w", err)
		}
		a.At = fromMicros(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
