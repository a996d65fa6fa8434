-- Peer review of an assessment's submissions (issue 4). V4 is reserved for the outbox.

-- The staff's peer-review configuration of an assessment (rubric, k, deadlines, calibration, model), as validated
-- and re-serialised JSON; every replacement bumps the version.
CREATE TABLE peer_review_configs (
    assessment_id uuid PRIMARY KEY REFERENCES assessments(id),
    platform_id   uuid NOT NULL REFERENCES platforms(id),
    config        jsonb NOT NULL,
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every calibration attempt is kept: the gate counts them and the aggregation learns reviewers' error from them.
CREATE TABLE peer_calibration_attempts (
    id             bigserial PRIMARY KEY,
    assessment_id  uuid NOT NULL REFERENCES assessments(id),
    learner_id     text NOT NULL,
    example_id     text NOT NULL,
    scores         jsonb NOT NULL,
    passed         boolean NOT NULL,
    mean_distance  double precision NOT NULL,
    total_error    double precision NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX peer_calibration_by_learner ON peer_calibration_attempts(assessment_id, learner_id, id);

-- One row per (submission, reviewer): the lease, then the review written under it. The unique constraint is what
-- makes "never the same submission twice to one reviewer" hold across nodes; an expired lease keeps its row, so the
-- reviewer who let it lapse is not offered it again. A lease is live while expires_at is in the future; a review
-- sent after expiry is still accepted (it only adds information).
CREATE TABLE peer_reviews (
    id             uuid PRIMARY KEY,
    assessment_id  uuid NOT NULL REFERENCES assessments(id),
    submission_id  uuid NOT NULL REFERENCES submissions(id),
    reviewer_id    text NOT NULL,
    overflow       boolean NOT NULL DEFAULT false,
    leased_at      timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    completed_at   timestamptz,
    scores         jsonb,
    comments       jsonb,
    total          double precision,
    -- false once the aggregation flags the reviewer as lazy: the submission then needs another review (top-up).
    counts         boolean NOT NULL DEFAULT true,
    helpfulness    int,
    flagged        boolean NOT NULL DEFAULT false,
    flag_reason    text,
    UNIQUE (submission_id, reviewer_id)
);
CREATE INDEX peer_reviews_by_assessment ON peer_reviews(assessment_id, reviewer_id);

-- A staff grade that replaces the peers' aggregate for one submission.
CREATE TABLE peer_grade_overrides (
    submission_id uuid PRIMARY KEY REFERENCES submissions(id),
    score         double precision NOT NULL,
    reason        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
