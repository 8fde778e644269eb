CREATE TABLE orgs (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	operator INTEGER NOT NULL DEFAULT 0,
	created  BIGINT NOT NULL
);

CREATE TABLE users (
	id      TEXT PRIMARY KEY,
	org_id  TEXT NOT NULL REFERENCES orgs(id),
	name    TEXT NOT NULL,
	email   TEXT NOT NULL DEFAULT '',
	role    TEXT NOT NULL,
	created BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id, role);

CREATE TABLE api_keys (
	id      TEXT PRIMARY KEY,
	org_id  TEXT NOT NULL REFERENCES orgs(id),
	user_id TEXT NOT NULL REFERENCES users(id),
	name    TEXT NOT NULL DEFAULT '',
	prefix  TEXT NOT NULL,
	hash    TEXT NOT NULL UNIQUE,
	created BIGINT NOT NULL,
	revoked BIGINT
);
CREATE INDEX api_keys_org ON api_keys(org_id);

CREATE TABLE assignments (
	id         TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL REFERENCES orgs(id),
	title      TEXT NOT NULL,
	question   TEXT NOT NULL,
	rubric     TEXT NOT NULL,
	topic      TEXT NOT NULL DEFAULT '',
	class      TEXT NOT NULL DEFAULT '',
	due        BIGINT,
	created_by TEXT NOT NULL,
	created    BIGINT NOT NULL
);
CREATE INDEX assignments_org ON assignments(org_id, class);

CREATE TABLE submissions (
	id             TEXT PRIMARY KEY,
	org_id         TEXT NOT NULL REFERENCES orgs(id),
	student_id     TEXT NOT NULL REFERENCES users(id),
	assignment_id  TEXT NOT NULL DEFAULT '',
	draft          INTEGER NOT NULL,
	text           TEXT NOT NULL,
	question       TEXT NOT NULL DEFAULT '',
	rubric         TEXT NOT NULL,
	topic          TEXT NOT NULL DEFAULT '',
	locale         TEXT NOT NULL DEFAULT '',
	level          INTEGER NOT NULL,
	mark           INTEGER NOT NULL,
	max_mark       INTEGER NOT NULL,
	report         TEXT NOT NULL,
	clio_version   TEXT NOT NULL,
	analyzers      TEXT NOT NULL,
	rubric_version TEXT NOT NULL,
	created        BIGINT NOT NULL
);
CREATE UNIQUE INDEX submissions_draft ON submissions(org_id, student_id, assignment_id, draft) WHERE assignment_id <> '';
CREATE INDEX submissions_org ON submissions(org_id, created);
CREATE INDEX submissions_student ON submissions(org_id, student_id, assignment_id);

CREATE TABLE reviews (
	submission_id   TEXT PRIMARY KEY REFERENCES submissions(id),
	org_id          TEXT NOT NULL REFERENCES orgs(id),
	reviewer_id     TEXT NOT NULL REFERENCES users(id),
	suggested_level INTEGER NOT NULL,
	suggested_mark  INTEGER NOT NULL,
	final_level     INTEGER NOT NULL,
	final_mark      INTEGER NOT NULL,
	overridden      INTEGER NOT NULL,
	comment         TEXT NOT NULL DEFAULT '',
	created         BIGINT NOT NULL
);
CREATE INDEX reviews_org ON reviews(org_id);

CREATE TABLE rubrics (
	org_id  TEXT NOT NULL REFERENCES orgs(id),
	id      TEXT NOT NULL,
	body    TEXT NOT NULL,
	created BIGINT NOT NULL,
	PRIMARY KEY (org_id, id)
);
