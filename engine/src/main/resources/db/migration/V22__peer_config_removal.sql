-- Staff may remove an assessment's peer review (while nothing learners or staff gave would be lost). Versions of its
-- configuration never repeat, also across a removal and a new configuration: nodes cache a configuration by version,
-- and a new one numbered like the removed one would pass for it.
ALTER TABLE assessments ADD COLUMN peer_config_versions int NOT NULL DEFAULT 0;
