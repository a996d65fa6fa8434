-- Peer grades flow into course grades. grades_changed_at moves with every review, override or new config;
-- the publisher writes the final peer grades into the submissions' scores (and so the course grades) whenever it is
-- later than grades_published_at, or when the review deadline has passed since.
ALTER TABLE peer_review_configs ADD COLUMN grades_changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE peer_review_configs ADD COLUMN grades_published_at timestamptz;
ALTER TABLE peer_review_configs ADD COLUMN review_deadline timestamptz;
UPDATE peer_review_configs SET review_deadline = (config->>'reviewDeadline')::timestamptz;

-- Set when a submission's score is its published peer grade: until then the course grade waits for peer review.
ALTER TABLE submissions ADD COLUMN peer_graded_at timestamptz;
