-- Work being graded says so: the sweep hands accepted work to the pool again after a lease without progress, and a
-- grading longer than the lease (slow tests, a big regrade batch) was run again, every lease, while it went on.
ALTER TABLE submissions ADD COLUMN grading_heartbeat_at timestamptz;
ALTER TABLE regrade_items ADD COLUMN heartbeat_at timestamptz;
