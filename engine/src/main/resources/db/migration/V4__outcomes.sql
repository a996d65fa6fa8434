-- Deadlines: work not submitted by then counts as missed (0) in the course grade; before then it keeps it pending.
ALTER TABLE assessments ADD COLUMN due_at timestamptz;
-- Set once the grades of the course were recomputed after the deadline passed, so the sweep does it once.
ALTER TABLE assessments ADD COLUMN due_processed_at timestamptz;
CREATE INDEX assessments_due ON assessments(due_at) WHERE due_at IS NOT NULL AND due_processed_at IS NULL;

-- A staff override of a submission's score: {score, maxScore, reason, by, at}. While set, it is the score that
-- counts; the graders' results (including regrades) are still stored and come back when it is removed.
ALTER TABLE submissions ADD COLUMN override jsonb;
-- Room on each page for a regraded row's new version, so the update stays on the page and leaves the indexes alone.
ALTER TABLE submissions SET (fillfactor = 85);

-- Each learner's course grade as last recomputed, and the outcome state events were emitted for.
CREATE TABLE course_grades (
    platform_id     uuid   NOT NULL,
    course_id       text   NOT NULL,
    learner_id      text   NOT NULL,
    grade           jsonb  NOT NULL,
    outcome         text   NOT NULL,
    band            text,
    outcome_version bigint NOT NULL,
    policy_version  int    NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    outcome_at      timestamptz,
    PRIMARY KEY (platform_id, course_id, learner_id),
    FOREIGN KEY (platform_id, course_id) REFERENCES courses(platform_id, id)
);
CREATE INDEX course_grades_by_outcome ON course_grades(platform_id, course_id, outcome, outcome_at);

-- Courses whose every learner's grade must be recomputed (a new policy, a deadline moved or passed). Written in
-- the transaction of that change; the sweep works through the learners in batches, each batch one transaction
-- with its grades and outcome events, and keeps its place in after_learner, so a crash only repeats a batch.
CREATE TABLE course_recomputes (
    id            bigserial PRIMARY KEY,
    platform_id   uuid NOT NULL,
    course_id     text NOT NULL,
    reason        text NOT NULL,
    after_learner text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    done_at       timestamptz
);
CREATE INDEX course_recomputes_open ON course_recomputes(id) WHERE done_at IS NULL;

-- The transactional outbox: one row per change of a learner's outcome, written in the transaction of the grade
-- change that caused it. seq orders the whole log for paging; (learner, course, version) is unique.
CREATE TABLE outcome_events (
    id           uuid PRIMARY KEY,
    seq          bigserial UNIQUE,
    platform_id  uuid   NOT NULL,
    course_id    text   NOT NULL,
    learner_id   text   NOT NULL,
    version      bigint NOT NULL,
    outcome      text   NOT NULL,
    payload      jsonb  NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform_id, course_id, learner_id, version)
);
CREATE INDEX outcome_events_by_course ON outcome_events(platform_id, course_id, seq);

-- Platforms' webhook endpoints. The secret signs every delivery (Standard Webhooks); disabled_reason says why an
-- endpoint stopped (e.g. it answered 410 Gone).
CREATE TABLE webhook_endpoints (
    id              uuid PRIMARY KEY,
    platform_id     uuid NOT NULL REFERENCES platforms(id),
    url             text NOT NULL,
    description     text,
    secret          text NOT NULL,
    enabled         boolean NOT NULL DEFAULT true,
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_by_platform ON webhook_endpoints(platform_id) WHERE enabled;

-- One row per (endpoint, event), created with the event: the relay's work queue and the delivery log's summary.
-- status: pending (due at next_attempt_at), delivered, failed (gave up after the last retry), stopped (endpoint gone).
CREATE TABLE webhook_deliveries (
    endpoint_id     uuid   NOT NULL REFERENCES webhook_endpoints(id),
    event_id        uuid   NOT NULL REFERENCES outcome_events(id),
    seq             bigint NOT NULL,
    platform_id     uuid   NOT NULL,
    course_id       text   NOT NULL,
    learner_id      text   NOT NULL,
    version         bigint NOT NULL,
    status          text   NOT NULL DEFAULT 'pending',
    attempts        int    NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status     int,
    last_error      text,
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_learner ON webhook_deliveries(endpoint_id, platform_id, course_id, learner_id, version)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint_id, seq);

-- Every delivery attempt, for staff to read.
CREATE TABLE webhook_attempts (
    id           bigserial PRIMARY KEY,
    endpoint_id  uuid   NOT NULL,
    event_id     uuid   NOT NULL,
    attempt      int    NOT NULL,
    status_code  int,
    error        text,
    duration_ms  int    NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(endpoint_id, event_id, id);
