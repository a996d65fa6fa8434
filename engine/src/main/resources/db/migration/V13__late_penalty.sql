-- Late work may count with a penalty: a percentage per day begun after the deadline, up to a cap.
ALTER TABLE assessments DROP CONSTRAINT assessments_late_submissions_check;
ALTER TABLE assessments
    ADD COLUMN late_penalty_per_day double precision,
    ADD COLUMN late_penalty_max double precision,
    ADD CONSTRAINT assessments_late_submissions_check
        CHECK (late_submissions IN ('count', 'ignore', 'refuse', 'penalize')),
    ADD CONSTRAINT assessments_late_penalty_check
        CHECK ((late_submissions = 'penalize') = (late_penalty_per_day IS NOT NULL AND late_penalty_max IS NOT NULL));
