-- What erasing a student leaves: one row per assignment they had work for,
-- so the markbook shows that work was there and was deleted. Nothing in it
-- identifies the student.
CREATE TABLE erased_work (
	erasure_id    TEXT NOT NULL,
	org_id        TEXT NOT NULL,
	assignment_id TEXT NOT NULL,
	drafts        INTEGER NOT NULL,
	erased        BIGINT NOT NULL,
	PRIMARY KEY (erasure_id, assignment_id)
);
CREATE INDEX erased_work_org ON erased_work (org_id, assignment_id);
