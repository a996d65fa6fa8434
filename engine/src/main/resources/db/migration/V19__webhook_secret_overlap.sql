-- A rotated webhook secret keeps signing beside the new one until previous_secret_until, so a receiver can deploy
-- the new secret without rejecting deliveries in between (Standard Webhooks: several space-separated signatures).
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret text;
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until timestamptz;
