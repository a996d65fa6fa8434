-- Essay assessments: staff-scored exemplars per assessment version, trained models, and the current model.

-- The exemplar set of one assessment version; an upload replaces the set (a retried upload changes nothing).
CREATE TABLE essay_exemplars (
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    version       int  NOT NULL,
    exemplars     jsonb NOT NULL,
    count         int  NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, version),
    FOREIGN KEY (assessment_id, version) REFERENCES assessment_versions(assessment_id, version)
);

-- Trained models keyed by the library's model id (a hash of algorithm, assessment and exemplars), so training the
-- same exemplars twice stores one model.
CREATE TABLE essay_models (
    id            text PRIMARY KEY,
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    version       int  NOT NULL,
    exemplars     int  NOT NULL,
    report        jsonb NOT NULL,
    model         bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX essay_models_by_assessment ON essay_models(assessment_id, version);

-- The model new submissions to an assessment version are graded with.
CREATE TABLE essay_current_models (
    assessment_id uuid NOT NULL,
    version       int  NOT NULL,
    model_id      text NOT NULL REFERENCES essay_models(id),
    trained_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, version)
);

-- A routed essay (sent to peer or staff review) has a stored outcome but no score.
ALTER TABLE grading_results ALTER COLUMN score DROP NOT NULL;

-- Finding a course's essays for the near-duplicate index.
CREATE INDEX submissions_by_course ON submissions(platform_id, course_id, created_at);
