-- Akinon.Loyalty schema, version 5: indexes for the transaction listing (ListTransactionsAsync, Omnitron's
-- GET /api/v1/loyalty_transactions/). Tables and indexes only (see 0001_tables.sql).
-- Newest first by id within one kind, and within a creation-time range, so a filtered page and its count are
-- served by an index instead of a scan of every transaction.

CREATE INDEX transactions_kind_idx ON __schema__.transactions (kind, id);
CREATE INDEX transactions_created_idx ON __schema__.transactions (created_at, id);
