-- An assessment whose peer grades cannot be published (its aggregation fails, say) is set aside for a while instead
-- of being picked first at every tick, which held up every other assessment's publication.
ALTER TABLE peer_review_configs ADD COLUMN publish_failed_at timestamptz, ADD COLUMN publish_error text;
