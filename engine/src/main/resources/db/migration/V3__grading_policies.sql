-- A course's grading policy (categories, weights, must-pass items, pass mark, bands), as validated JSON.
-- One current policy per course; every replacement bumps the version so callers can tell which policy a grade used.
CREATE TABLE grading_policies (
    platform_id uuid  NOT NULL,
    course_id   text  NOT NULL,
    policy      jsonb NOT NULL,
    version     int   NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, course_id),
    FOREIGN KEY (platform_id, course_id) REFERENCES courses(platform_id, id)
);
