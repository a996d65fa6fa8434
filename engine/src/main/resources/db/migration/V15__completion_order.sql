-- Each node's near-duplicate index of a course reads the essays completed since its last read, not every essay of
-- the course on every grading: a completion records its transaction id, and a reader asks for those from
-- transactions not yet finished at its previous read (PostgreSQL's snapshot xmin), so none is missed.
ALTER TABLE submissions ADD COLUMN completed_xid xid8;
CREATE INDEX submissions_completed ON submissions(platform_id, course_id, completed_xid) WHERE completed_xid IS NOT NULL;
