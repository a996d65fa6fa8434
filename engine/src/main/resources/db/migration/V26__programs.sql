-- Programs: credentials that span courses (specializations, micro-credentials). A learner earns one by passing
-- enough of its courses, the required ones included; the definition is the validated rule as JSON, and every real
-- change bumps version (and asks for every learner's program outcome to be recomputed under it).
CREATE TABLE programs (
    platform_id uuid NOT NULL REFERENCES platforms(id),
    id          text NOT NULL,
    definition  jsonb NOT NULL,
    version     int  NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, id)
);

-- Which programs a course counts towards: read in the transaction of every change of a course outcome.
CREATE TABLE program_courses (
    platform_id uuid NOT NULL,
    course_id   text NOT NULL,
    program_id  text NOT NULL,
    PRIMARY KEY (platform_id, course_id, program_id),
    FOREIGN KEY (platform_id, program_id) REFERENCES programs(platform_id, id),
    FOREIGN KEY (platform_id, course_id) REFERENCES courses(platform_id, id)
);

-- Each learner's program outcome as last derived from their course outcomes, and the version events were sent
-- for; locked like course_grades, so concurrent course changes of one learner serialise on it.
CREATE TABLE program_outcomes (
    platform_id        uuid   NOT NULL,
    program_id         text   NOT NULL,
    learner_id         text   NOT NULL,
    outcome            text   NOT NULL,
    outcome_version    bigint NOT NULL,
    definition_version int    NOT NULL,
    courses            jsonb  NOT NULL,
    passed_courses     int    NOT NULL,
    outcome_at         timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, program_id, learner_id),
    FOREIGN KEY (platform_id, program_id) REFERENCES programs(platform_id, id)
);
CREATE INDEX program_outcomes_by_outcome ON program_outcomes(platform_id, program_id, outcome, outcome_at);

-- Programs whose every learner must be recomputed (a new definition); worked like course_recomputes.
CREATE TABLE program_recomputes (
    id            bigserial PRIMARY KEY,
    platform_id   uuid NOT NULL,
    program_id    text NOT NULL,
    reason        text NOT NULL,
    after_learner text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    done_at       timestamptz
);
CREATE INDEX program_recomputes_open ON program_recomputes(id) WHERE done_at IS NULL;

-- The outbox carries program outcomes too: scope says whether course_id names a course or a program (their ids
-- are the platform's and may coincide), and a learner's versions run per scope and id.
ALTER TABLE outcome_events ADD COLUMN scope text NOT NULL DEFAULT 'course' CHECK (scope IN ('course', 'program'));
ALTER TABLE outcome_events DROP CONSTRAINT outcome_events_platform_id_course_id_learner_id_version_key;
ALTER TABLE outcome_events ADD CONSTRAINT outcome_events_learner_version
    UNIQUE (platform_id, scope, course_id, learner_id, version);

ALTER TABLE webhook_deliveries ADD COLUMN scope text NOT NULL DEFAULT 'course';
DROP INDEX webhook_deliveries_by_learner;
CREATE INDEX webhook_deliveries_by_learner
    ON webhook_deliveries(endpoint_id, platform_id, scope, course_id, learner_id, version) WHERE status = 'pending';
