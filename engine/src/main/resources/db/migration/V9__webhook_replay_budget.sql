-- A replay keeps counting a delivery's attempts (the log stays numbered 1, 2, 3, … across replays) but gives it a
-- fresh retry budget: the attempts made before the last replay do not count against it.
ALTER TABLE webhook_deliveries ADD COLUMN attempts_before_replay int NOT NULL DEFAULT 0;
