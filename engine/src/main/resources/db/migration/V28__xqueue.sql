-- XQueue: an Open edX LMS submits to Assay as it would to an XQueue server, and gets each result posted back to
-- the callback URL it gave. One row per LMS submission (its lms_key), written before the submission it carries
-- (whose Idempotency-Key is 'xqueue:' || lms_key), so both are stored when the LMS is told "queued".
CREATE TABLE xqueue_callbacks (
    platform_id     uuid NOT NULL REFERENCES platforms(id),
    lms_key         text NOT NULL,
    queue_name      text NOT NULL,
    header          text NOT NULL,
    callback_url    text NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    attempts        int  NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, lms_key)
);
CREATE INDEX xqueue_callbacks_due ON xqueue_callbacks(next_attempt_at) WHERE status = 'pending';

-- LMS sessions after POST /xqueue/login/ (the LMS's django_auth); only a hash of the cookie is kept.
CREATE TABLE xqueue_sessions (
    token_hash  bytea PRIMARY KEY,
    platform_id uuid NOT NULL REFERENCES platforms(id),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX xqueue_sessions_expiry ON xqueue_sessions(expires_at);
