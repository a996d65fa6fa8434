-- What an assessment does with work submitted after its deadline: count it, keep it without counting it, or refuse it.
ALTER TABLE assessments ADD COLUMN late_submissions text NOT NULL DEFAULT 'count'
    CHECK (late_submissions IN ('count', 'ignore', 'refuse'));
