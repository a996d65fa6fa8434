-- Support files of Jobe runs (CodeRunner uploads each once, by the MD5 of its contents, and names it in later runs).
-- Kept per platform in the store, so that every node of a cluster has them; a file unused for 30 days is dropped
-- (the next run that names it gets a 404, on which Jobe clients upload it again).
CREATE TABLE jobe_files (
    platform_id uuid  NOT NULL REFERENCES platforms(id),
    id          text  NOT NULL,
    contents    bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform_id, id)
);
CREATE INDEX jobe_files_unused ON jobe_files(used_at);
