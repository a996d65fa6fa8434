-- The relay claims each endpoint's due deliveries in turn (oldest due first), so it looks them up per endpoint.
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(endpoint_id, next_attempt_at, seq) WHERE status = 'pending';
