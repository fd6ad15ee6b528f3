-- Holds (two-phase order payments): an authorisation records when it expires; captures and voids are ordinary
-- transactions keyed by the hold's settlement key, so they need no table of their own.
ALTER TABLE __schema__.transactions ADD COLUMN expires_at timestamptz;
