-- The relay's claim is planned on the deliveries' statistics, and an outbox surge (a regrade writing 100,000 events)
-- leaves them describing an empty queue until autovacuum next analyses the table: by default only once a tenth of it
-- has changed. Analyse after every few thousand changes instead.
ALTER TABLE webhook_deliveries SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 2000);
