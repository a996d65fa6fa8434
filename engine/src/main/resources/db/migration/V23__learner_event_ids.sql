-- Every change a learner's event stream tells (a result stored, an override set or removed, a peer grade published,
-- a regrade) takes the learner's next event id, in the transaction that makes it. The counter row is locked until
-- that transaction commits, so a learner's ids commit in order and without gaps: a stream that receives id n + 2
-- knows n + 1 is already in the store, and a client resuming after id n is replayed every submission whose event id
-- is above n (each once, as it stands now). Event ids are per learner, not global: two learners never wait on
-- each other.
CREATE TABLE learner_event_heads (
    platform_id uuid   NOT NULL REFERENCES platforms(id),
    learner_id  text   NOT NULL,
    last_id     bigint NOT NULL,
    PRIMARY KEY (platform_id, learner_id)
);

-- The id of the latest event of the submission; NULL while none was told (accepted work waiting for a worker).
ALTER TABLE submissions ADD COLUMN event_id bigint;

-- Results stored before event ids existed are numbered in the order the stream replayed them (graded_at, id), so a
-- client still holding a submission id as its Last-Event-ID resumes where it did.
WITH numbered AS (
    SELECT id, row_number() OVER (PARTITION BY platform_id, learner_id ORDER BY graded_at, id) AS n
    FROM submissions WHERE graded_at IS NOT NULL)
UPDATE submissions s SET event_id = numbered.n FROM numbered WHERE s.id = numbered.id;
INSERT INTO learner_event_heads(platform_id, learner_id, last_id)
SELECT platform_id, learner_id, max(event_id) FROM submissions WHERE event_id IS NOT NULL
GROUP BY platform_id, learner_id;

CREATE INDEX submissions_by_event ON submissions(platform_id, learner_id, event_id) WHERE event_id IS NOT NULL;
