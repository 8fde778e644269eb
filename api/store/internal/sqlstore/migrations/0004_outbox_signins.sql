-- The outbox: one row per stored submission or review, written in the
-- same transaction, until the LMS integration has turned it into score
-- posts and webhook deliveries.
CREATE TABLE outbox (
	id            TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,
	org_id        TEXT NOT NULL,
	submission_id TEXT NOT NULL,
	payload       TEXT NOT NULL,
	created       BIGINT NOT NULL,
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_attempt  BIGINT NOT NULL,
	last_error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (next_attempt, created);
CREATE INDEX outbox_submission ON outbox (org_id, submission_id);

-- Sign-in attempts per key (an account or a client address) in the current
-- window, shared by every server on the database.
CREATE TABLE signin_attempts (
	subject      TEXT PRIMARY KEY,
	attempts     INTEGER NOT NULL,
	window_start BIGINT NOT NULL
);
CREATE INDEX signin_attempts_window ON signin_attempts (window_start);
