-- The deadline in force when each submission was made. Work is late only when it was late against that deadline
-- and is against the current one: a deadline set or moved earlier afterwards (a date entered late, a typo fixed)
-- must not make work late that the learner sent in time. Existing rows take the current deadline, as before.
ALTER TABLE submissions ADD COLUMN deadline_at_submission timestamptz;
UPDATE submissions s SET deadline_at_submission = a.due_at FROM assessments a
WHERE a.id = s.assessment_id AND a.due_at IS NOT NULL;
