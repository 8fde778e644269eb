-- The web pages' accounts, once kept by api/web in web.db (SQLite) or
-- created on the fly in the same PostgreSQL database. IF NOT EXISTS keeps
-- such a PostgreSQL database's tables and rows as they are; on SQLite,
-- sqlite.Open copies an old web.db in after this migration.
CREATE TABLE IF NOT EXISTS web_credentials (
	login   TEXT PRIMARY KEY,
	org_id  TEXT NOT NULL,
	user_id TEXT NOT NULL,
	hash    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_credentials_user ON web_credentials(user_id);

CREATE TABLE IF NOT EXISTS web_sessions (
	token_hash TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	csrf       TEXT NOT NULL,
	expires    BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_user ON web_sessions(user_id);
CREATE INDEX IF NOT EXISTS web_sessions_expires ON web_sessions(expires);

CREATE TABLE IF NOT EXISTS web_access_codes (
	hash    TEXT PRIMARY KEY,
	org_id  TEXT NOT NULL,
	user_id TEXT NOT NULL,
	created BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_access_codes_user ON web_access_codes(user_id);

CREATE TABLE IF NOT EXISTS web_assignment_options (
	org_id        TEXT NOT NULL,
	assignment_id TEXT NOT NULL,
	hide_marks    INTEGER NOT NULL,
	PRIMARY KEY (org_id, assignment_id)
);
