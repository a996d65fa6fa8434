-- Each submission's live peer-review load (counting completed reviews plus leases not yet released), kept so that
-- reviews:next reads the least-reviewed submissions off an index instead of counting every submission's reviews on
-- every request. The few candidates locked are still recounted exactly before one is picked.
ALTER TABLE submissions ADD COLUMN peer_load int NOT NULL DEFAULT 0;
CREATE INDEX submissions_peer_queue ON submissions(assessment_id, peer_load, created_at, id);

-- A lease that expired unused and whose load was given back by the sweep (a late review under it adds it again).
ALTER TABLE peer_reviews ADD COLUMN released boolean NOT NULL DEFAULT false;
UPDATE peer_reviews SET released = true WHERE completed_at IS NULL AND expires_at <= now();
UPDATE submissions s SET peer_load = c.n
FROM (SELECT submission_id, count(*) AS n FROM peer_reviews
      WHERE (completed_at IS NOT NULL AND counts) OR (completed_at IS NULL AND NOT released)
      GROUP BY submission_id) c
WHERE s.id = c.submission_id;
