-- Akinon.Loyalty schema, version 7: the audit trail. Every transaction records who asked for it (the caller's actor:
-- an API key's name, a signed-in user) and, over HTTP, the address the request came from (Akinon's remote_addr).
-- Tables and indexes only (see 0001_tables.sql). Neither is part of an idempotency fingerprint: a replay under the
-- same key returns the first transaction, with the first request's actor. Rows from before have neither (NULL).

ALTER TABLE __schema__.transactions
    ADD COLUMN actor text,
    ADD COLUMN remote_address inet;
