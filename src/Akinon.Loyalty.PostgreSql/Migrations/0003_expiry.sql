-- Akinon.Loyalty schema, version 3: credit that expires. Tables and indexes only (see 0001_tables.sql).
-- An account's expiry, NULL when it never expires: from that instant (the ledger's clock, passed in by the caller,
-- never the server's now()) it is never drawn on and receives nothing; the expiry run moves what is left to Breakage.

ALTER TABLE __schema__.accounts ADD COLUMN expires_at timestamptz;

-- The expiry run looks up the accounts due at an instant; most accounts never expire, so the index holds only the rest.
CREATE INDEX accounts_expiry_idx ON __schema__.accounts (expires_at, id) WHERE expires_at IS NOT NULL;
