-- The review queue keeps, on each row, whether its submission is open for review, instead of every lease checking
-- it. Checked per row, work that is never reviewed (a learner's earlier submission, an essay the grader scored, late
-- work that does not count, work staff settled) stays at load 0, at the front of the queue, and every lease walked
-- past all of it: with 50,000 replaced submissions queued besides 100,000 open ones, a lease took about a second
-- (benchmarks/RESULTS.md). Kept on the row and leading the queue's index, such work sits in a range of the index no
-- lease enters.
--
-- Four flags, each with one writer, so that concurrent changes never overwrite each other's decisions:
--   counts          the learner's latest submission that counts (LateWork): written when the learner submits and when
--                   the assessment's late rules change, both for the learner's or the assessment's rows at once
--   for_peers       of an essay, one the grader routed to people (PeerWork); any other kind: true
--   overridden      a staff override of the submission's score
--   peer_overridden a staff peer-grade override
-- The conditions are written here a second time, in SQL (LateWork and PeerWork hold the ones the grades use):
-- PeerQueueFlagsTest holds the two to the same answers.
ALTER TABLE peer_queue
    ADD COLUMN counts boolean NOT NULL DEFAULT true,
    ADD COLUMN for_peers boolean NOT NULL DEFAULT true,
    ADD COLUMN overridden boolean NOT NULL DEFAULT false,
    ADD COLUMN peer_overridden boolean NOT NULL DEFAULT false;
ALTER TABLE peer_queue
    ADD COLUMN open boolean GENERATED ALWAYS AS (counts AND for_peers AND NOT overridden AND NOT peer_overridden) STORED;

-- PeerWork.forPeers, on a submission's own columns.
CREATE FUNCTION peer_work(kind text, status text, result jsonb, peer_graded_at timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT kind <> 'essay' OR status = 'routed' OR result -> 'reasons' IS NOT NULL OR peer_graded_at IS NOT NULL
$$;

-- Whether each submission is its learner's latest that counts: not late work that does not count (LateWork.notCounted),
-- and no later submission of the learner's that counts.
CREATE VIEW peer_queue_counts AS
SELECT s.id AS submission_id, s.assessment_id, s.learner_id,
       NOT (a.late_submissions IN ('ignore', 'refuse')
            AND COALESCE(s.created_at > (CASE WHEN a.due_at IS NULL OR s.deadline_at_submission IS NULL THEN NULL
                                              ELSE GREATEST(a.due_at, s.deadline_at_submission) END), false))
       AND NOT EXISTS (
           SELECT 1 FROM submissions n
           WHERE n.assessment_id = s.assessment_id AND n.learner_id = s.learner_id
             AND (n.created_at, n.id) > (s.created_at, s.id)
             AND NOT (a.late_submissions IN ('ignore', 'refuse')
                      AND COALESCE(n.created_at > (CASE WHEN a.due_at IS NULL OR n.deadline_at_submission IS NULL
                                                        THEN NULL ELSE GREATEST(a.due_at, n.deadline_at_submission) END),
                                   false))) AS counts
FROM submissions s JOIN assessments a ON a.id = s.assessment_id;

-- Sets counts on the learner's rows of the assessment, or on all of the assessment's rows when learner is null.
-- Its statements are planned once per connection, possibly while the tables are small or their statistics stale (an
-- import of many submissions in one transaction grows them under a plan made for a few rows): without sequential
-- scans, every plan walks the indexes, which is right for one learner at any size.
CREATE FUNCTION peer_queue_recount(assessment uuid, learner text) RETURNS void LANGUAGE plpgsql
    SET enable_seqscan = off AS $$
BEGIN
    IF learner IS NULL THEN
        UPDATE peer_queue q SET counts = v.counts FROM peer_queue_counts v
        WHERE v.assessment_id = assessment AND q.submission_id = v.submission_id AND q.counts <> v.counts;
    ELSE
        UPDATE peer_queue q SET counts = v.counts FROM peer_queue_counts v
        WHERE v.assessment_id = assessment AND v.learner_id = learner AND q.submission_id = v.submission_id
          AND q.counts <> v.counts;
    END IF;
END $$;

-- A new submission is queued, and which of its learner's submissions counts is decided again. Under two locks: the
-- assessment's row, shared (its late rules cannot change meanwhile; a change waits, then recounts the assessment),
-- and one of 128 per assessment that the learner's name falls in (two submissions of one learner at once would each
-- decide without the other). Not one lock per learner: a transaction keeps its locks to the end, and one storing
-- many learners' submissions (an import) would fill PostgreSQL's lock table.
CREATE OR REPLACE FUNCTION queue_submission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM assessments WHERE id = NEW.assessment_id FOR SHARE;
    PERFORM pg_advisory_xact_lock(hashtext(NEW.assessment_id::text), hashtext(NEW.learner_id) & 127);
    INSERT INTO peer_queue(submission_id, assessment_id, learner_id, created_at, for_peers, overridden)
    SELECT NEW.id, NEW.assessment_id, NEW.learner_id, NEW.created_at,
           peer_work(a.kind, NEW.status, NEW.result, NEW.peer_graded_at), NEW.override IS NOT NULL
    FROM assessments a WHERE a.id = NEW.assessment_id;
    PERFORM peer_queue_recount(NEW.assessment_id, NEW.learner_id);
    RETURN NEW;
END $$;

-- Grading, routing, overrides and published peer grades change only the submission's own flags, read from its new
-- row: concurrent changes of one submission wait on its row, so the last one writes what the row finally says.
CREATE FUNCTION queue_submission_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE peer_queue q SET for_peers = f.for_peers, overridden = f.overridden
    FROM (SELECT peer_work(a.kind, NEW.status, NEW.result, NEW.peer_graded_at) AS for_peers,
                 NEW.override IS NOT NULL AS overridden
          FROM assessments a WHERE a.id = NEW.assessment_id) f
    WHERE q.submission_id = NEW.id AND (q.for_peers, q.overridden) IS DISTINCT FROM (f.for_peers, f.overridden);
    RETURN NEW;
END $$;
CREATE TRIGGER submissions_queue_flags AFTER UPDATE OF status, result, override, peer_graded_at ON submissions
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.override IS DISTINCT FROM NEW.override
                       OR OLD.peer_graded_at IS DISTINCT FROM NEW.peer_graded_at
                       OR (OLD.result -> 'reasons' IS NULL) <> (NEW.result -> 'reasons' IS NULL))
    EXECUTE FUNCTION queue_submission_changed();

CREATE FUNCTION queue_peer_override() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE peer_queue SET peer_overridden = false WHERE submission_id = OLD.submission_id;
        RETURN OLD;
    END IF;
    UPDATE peer_queue SET peer_overridden = true WHERE submission_id = NEW.submission_id;
    RETURN NEW;
END $$;
CREATE TRIGGER peer_grade_overrides_queue AFTER INSERT OR DELETE ON peer_grade_overrides
    FOR EACH ROW EXECUTE FUNCTION queue_peer_override();

-- A deadline or late rule changed: which submission of each learner counts may have changed. The update holds the
-- assessment's row, so a submission arriving meanwhile waits for it (queue_submission) and then sees the new rules.
CREATE FUNCTION queue_late_rules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM peer_queue_recount(NEW.id, NULL);
    RETURN NEW;
END $$;
CREATE TRIGGER assessments_queue_counts AFTER UPDATE OF due_at, late_submissions ON assessments
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.late_submissions IS DISTINCT FROM NEW.late_submissions)
    EXECUTE FUNCTION queue_late_rules_changed();

UPDATE peer_queue q
SET counts = v.counts,
    for_peers = peer_work(a.kind, s.status, s.result, s.peer_graded_at),
    overridden = s.override IS NOT NULL,
    peer_overridden = EXISTS (SELECT 1 FROM peer_grade_overrides po WHERE po.submission_id = s.id)
FROM peer_queue_counts v JOIN submissions s ON s.id = v.submission_id JOIN assessments a ON a.id = s.assessment_id
WHERE q.submission_id = v.submission_id;

-- Open work leads the index: a lease walks only it, in the order of AssignmentPolicy.
DROP INDEX peer_queue_order;
CREATE INDEX peer_queue_order ON peer_queue(assessment_id, open, load, created_at, submission_id);
