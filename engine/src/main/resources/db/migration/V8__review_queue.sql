-- The review queue moves out of submissions into a narrow table of its own. Every lease raises a submission's load;
-- on submissions, with its wide rows and nine indexes, that update wrote an entry into every index. Here it writes
-- a small row and two index entries, and the queue's index pages hold four times as many entries.
CREATE TABLE peer_queue (
    submission_id uuid PRIMARY KEY REFERENCES submissions(id),
    assessment_id uuid NOT NULL,
    learner_id    text NOT NULL,
    created_at    timestamptz NOT NULL,
    -- completed reviews that count plus leases not yet released (see V7)
    load          int NOT NULL DEFAULT 0
) WITH (fillfactor = 80);
CREATE INDEX peer_queue_order ON peer_queue(assessment_id, load, created_at, submission_id);
-- Each lease moves its row in the index and leaves a dead entry at the queue's front that later leases walk past
-- until a vacuum removes it: vacuum after ~2 % of the rows changed instead of the default 20 %.
ALTER TABLE peer_queue SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000);

INSERT INTO peer_queue(submission_id, assessment_id, learner_id, created_at, load)
SELECT id, assessment_id, learner_id, created_at, peer_load FROM submissions;
DROP INDEX submissions_peer_queue;
ALTER TABLE submissions DROP COLUMN peer_load;

-- Every submission is queued as it is stored, whatever its assessment: a peer-review configuration may be attached
-- later, and a trigger cannot be forgotten by a new code path that stores submissions.
CREATE FUNCTION queue_submission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO peer_queue(submission_id, assessment_id, learner_id, created_at)
    VALUES (NEW.id, NEW.assessment_id, NEW.learner_id, NEW.created_at);
    RETURN NEW;
END $$;
CREATE TRIGGER submissions_queue AFTER INSERT ON submissions FOR EACH ROW EXECUTE FUNCTION queue_submission();

-- reviews:next becomes one statement instead of a transaction around an advisory lock. What the lock guaranteed
-- (a reviewer holds at most one open lease per assessment, so asking twice returns the same one) is now a unique
-- index over open leases: a concurrent second request loses on it and is answered with the lease the first took.
-- Leases that expired unused are released first, as the periodic sweep would, so that the index can be built.
WITH expired AS (
    UPDATE peer_reviews SET released = true
    WHERE completed_at IS NULL AND NOT released AND expires_at <= now()
    RETURNING submission_id)
UPDATE peer_queue q SET load = q.load - e.n
FROM (SELECT submission_id, count(*) AS n FROM expired GROUP BY submission_id) e
WHERE q.submission_id = e.submission_id;

CREATE UNIQUE INDEX peer_reviews_one_open ON peer_reviews(assessment_id, reviewer_id)
    WHERE completed_at IS NULL AND NOT released;

-- "Only a learner's latest submission is reviewed" is checked per candidate; without this index that check scanned
-- the assessment's newer submissions, which in a course of 100,000 is most of them.
CREATE INDEX submissions_latest ON submissions(assessment_id, learner_id, created_at, id);
