package sqlite_test

// The schemas of the web.db and lti.db files that Clio kept beside clio.db
// before everything moved into it, exactly as api/web and api/lti created
// them (commit 234578f), for building old data directories in the tests.

var oldWebSchema = []string{
	`CREATE TABLE IF NOT EXISTS web_credentials (
		login TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		hash TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_sessions (
		token_hash TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		csrf TEXT NOT NULL,
		expires BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_access_codes (
		hash TEXT PRIMARY KEY,
		org_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		created BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS web_assignment_options (
		org_id TEXT NOT NULL,
		assignment_id TEXT NOT NULL,
		hide_marks INTEGER NOT NULL,
		PRIMARY KEY (org_id, assignment_id))`,
}

var oldLTISchema = []string{
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
