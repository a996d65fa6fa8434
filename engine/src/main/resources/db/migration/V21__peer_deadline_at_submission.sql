-- The peer-review submission deadline in force when each submission was made, as deadline_at_submission is for the
-- assessment's own deadline: work is late for peer review only when it was late against that deadline and is
-- against the current one, so a submissionDeadline set in the past afterwards does not make on-time work late (and
-- drop it from the staff queue). Existing rows take the current one, as before.
ALTER TABLE submissions ADD COLUMN peer_deadline_at_submission timestamptz;
UPDATE submissions s SET peer_deadline_at_submission = (p.config->>'submissionDeadline')::timestamptz
FROM peer_review_configs p WHERE p.assessment_id = s.assessment_id AND p.config->>'submissionDeadline' IS NOT NULL;
