-- LTI 1.3 Assignment and Grade Services: Assay as the tool, posting each learner's score to the platform's line item.
-- A registration is one LMS (issuer, client id, token endpoint) with the key pair Assay signs its client assertions
-- with; the public half is served at /lti/jwks.
CREATE TABLE lti_registrations (
    platform_id   uuid NOT NULL REFERENCES platforms(id),
    id            text NOT NULL,
    issuer        text NOT NULL,
    client_id     text NOT NULL,
    token_url     text NOT NULL,
    key_id        uuid NOT NULL UNIQUE,
    private_key   bytea NOT NULL,
    public_key    bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, id)
);

-- An assessment whose scores go to a line item of a registration's LMS.
CREATE TABLE lti_links (
    assessment_id   uuid PRIMARY KEY REFERENCES assessments(id),
    platform_id     uuid NOT NULL,
    registration_id text NOT NULL,
    line_item_url   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (platform_id, registration_id) REFERENCES lti_registrations(platform_id, id)
);

-- The outbox of scores to send: one row per learner and linked assessment, set pending by the transaction that
-- changed one of the learner's submissions to it (the trigger below), so no change of record is missed; the relay
-- sends the score that counts at the time it sends, and only when it differs from the last one the LMS took.
CREATE TABLE lti_scores (
    assessment_id   uuid NOT NULL REFERENCES assessments(id),
    learner_id      text NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    attempts        int  NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    changed_at      timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_score      double precision,
    sent_max        double precision,
    sent_at         timestamptz,
    PRIMARY KEY (assessment_id, learner_id)
);
CREATE INDEX lti_scores_due ON lti_scores(next_attempt_at) WHERE status = 'pending';

CREATE FUNCTION lti_score_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM lti_links WHERE assessment_id = NEW.assessment_id) THEN
        INSERT INTO lti_scores(assessment_id, learner_id) VALUES (NEW.assessment_id, NEW.learner_id)
        ON CONFLICT (assessment_id, learner_id) DO UPDATE
            SET status = 'pending', attempts = 0, next_attempt_at = now(), changed_at = now(), last_error = NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER submissions_lti_insert AFTER INSERT ON submissions
    FOR EACH ROW EXECUTE FUNCTION lti_score_changed();
CREATE TRIGGER submissions_lti_update AFTER UPDATE OF status, score, override, peer_graded_at ON submissions
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.score IS DISTINCT FROM NEW.score
                       OR OLD.override IS DISTINCT FROM NEW.override OR OLD.peer_graded_at IS DISTINCT FROM NEW.peer_graded_at)
    EXECUTE FUNCTION lti_score_changed();
