-- Platforms are tenants: every row below belongs to exactly one of them.
CREATE TABLE platforms (
    id           uuid PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    key_hash     bytea NOT NULL UNIQUE,
    token_secret bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE courses (
    platform_id uuid NOT NULL REFERENCES platforms(id),
    id          text NOT NULL,
    title       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, id)
);

CREATE TABLE assessments (
    id              uuid PRIMARY KEY,
    platform_id     uuid NOT NULL,
    course_id       text NOT NULL,
    kind            text NOT NULL,
    title           text NOT NULL,
    current_version int  NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (platform_id, course_id) REFERENCES courses(platform_id, id)
);
CREATE INDEX assessments_by_course ON assessments(platform_id, course_id, created_at);

-- Definitions are immutable once written: a fix is a new version, so every grade can name what it was graded against.
CREATE TABLE assessment_versions (
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    version       int  NOT NULL,
    definition    jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, version)
);

CREATE TABLE submissions (
    id                 uuid PRIMARY KEY,
    platform_id        uuid NOT NULL REFERENCES platforms(id),
    assessment_id      uuid NOT NULL REFERENCES assessments(id),
    course_id          text NOT NULL,
    learner_id         text NOT NULL,
    idempotency_key    text,
    request_hash       bytea NOT NULL,
    response           jsonb NOT NULL,
    status             text NOT NULL,
    submitted_version  int NOT NULL,
    graded_version     int,
    score              double precision,
    max_score          double precision,
    result             jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    graded_at          timestamptz,
    -- When the submission was last handed to the worker pool; the sweep re-enqueues it after a lease.
    enqueued_at        timestamptz NOT NULL DEFAULT now(),
    -- Set once the worker pool took the submission; a never-dispatched one is re-enqueued after one lease.
    dispatched_at      timestamptz,
    UNIQUE (platform_id, idempotency_key)
);
CREATE INDEX submissions_awaiting_grading ON submissions(enqueued_at) WHERE status = 'accepted';
CREATE INDEX submissions_by_learner ON submissions(platform_id, learner_id, created_at);
CREATE INDEX submissions_by_assessment ON submissions(assessment_id, created_at);

-- One row per grading of a submission against one assessment version: the natural idempotency key of a grading task.
CREATE TABLE grading_results (
    submission_id uuid NOT NULL REFERENCES submissions(id),
    version       int  NOT NULL,
    score         double precision NOT NULL,
    max_score     double precision NOT NULL,
    result        jsonb NOT NULL,
    graded_by     text NOT NULL,
    graded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (submission_id, version)
);
CREATE INDEX grading_results_recent ON grading_results(graded_at);

CREATE TABLE regrades (
    id            uuid PRIMARY KEY,
    platform_id   uuid NOT NULL REFERENCES platforms(id),
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    to_version    int  NOT NULL,
    total         int  NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (assessment_id, to_version)
);

CREATE TABLE regrade_items (
    regrade_id    uuid NOT NULL REFERENCES regrades(id),
    submission_id uuid NOT NULL REFERENCES submissions(id),
    old_score     double precision,
    new_score     double precision,
    done          boolean NOT NULL DEFAULT false,
    enqueued_at   timestamptz NOT NULL DEFAULT now(),
    done_at       timestamptz,
    done_by       text,
    PRIMARY KEY (regrade_id, submission_id)
);
CREATE INDEX regrade_items_pending ON regrade_items(enqueued_at) WHERE NOT done;
CREATE INDEX regrade_items_progress ON regrade_items(regrade_id, done_at) WHERE done;
