-- Work the pool still has to grade: accepted submissions, and ones staff overrode before the grader ran (its result
-- is stored beneath the override). The sweep looks them up by when they were last handed to the pool.
DROP INDEX submissions_awaiting_grading;
CREATE INDEX submissions_awaiting_grading ON submissions(enqueued_at) WHERE graded_version IS NULL;
