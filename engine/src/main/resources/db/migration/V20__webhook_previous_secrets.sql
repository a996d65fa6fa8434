-- Every secret rotated out within its overlap goes on signing, not only the last: two rotations within an overlap
-- (or concurrent ones) left a receiver that had deployed the first new secret rejecting every delivery.
ALTER TABLE webhook_endpoints ADD COLUMN previous_secrets jsonb NOT NULL DEFAULT '[]';
UPDATE webhook_endpoints SET previous_secrets = jsonb_build_array(jsonb_build_object('secret', previous_secret,
                                                                                      'until', previous_secret_until))
WHERE previous_secret IS NOT NULL AND previous_secret_until > now();
ALTER TABLE webhook_endpoints DROP COLUMN previous_secret;
ALTER TABLE webhook_endpoints DROP COLUMN previous_secret_until;
