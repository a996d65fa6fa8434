-- Near-duplicate signatures of completed essays, so that a node building a course's index reads them instead of
-- analysing every essay again (about a minute for 50,000 essays) and need not keep the texts in memory.
-- A signature leaves out the shingles of the course's prompts and source texts: quotable_key names that set, and a
-- signature made under another set is computed again.
CREATE TABLE essay_signatures (
    submission_id uuid PRIMARY KEY REFERENCES submissions(id) ON DELETE CASCADE,
    quotable_key  text NOT NULL,
    signature     text NOT NULL
);
