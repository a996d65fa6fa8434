-- reviews:next becomes one statement instead of a transaction around an advisory lock. What the lock guaranteed
-- (a reviewer holds at most one open lease per assessment, so asking twice returns the same one) is now a unique
-- index over open leases: a concurrent second request loses on it and is answered with the lease the first took.
-- Leases that expired unused are released first, as the periodic sweep would, so that the index can be built.
WITH expired AS (
    UPDATE peer_reviews SET released = true
    WHERE completed_at IS NULL AND NOT released AND expires_at <= now()
    RETURNING submission_id)
UPDATE submissions s SET peer_load = s.peer_load - e.n
FROM (SELECT submission_id, count(*) AS n FROM expired GROUP BY submission_id) e
WHERE s.id = e.submission_id;

CREATE UNIQUE INDEX peer_reviews_one_open ON peer_reviews(assessment_id, reviewer_id)
    WHERE completed_at IS NULL AND NOT released;

-- "Only a learner's latest submission is reviewed" is checked per candidate; without this index that check scanned
-- the assessment's newer submissions, which in a course of 100,000 is most of them.
CREATE INDEX submissions_latest ON submissions(assessment_id, learner_id, created_at, id);

-- Every lease moves its submission in the review-queue index, leaving a dead entry at the queue's front that later
-- leases walk past until a vacuum removes it; vacuum after ~2 % of the table changes instead of the default 20 %.
ALTER TABLE submissions SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000);
