-- Akinon.Loyalty schema, version 8: bulk import of accounts (ImportAccountsAsync). Tables and indexes only (see 0001_tables.sql).
--
-- The staging table a chunk of imported rows is copied into (binary COPY) before import_accounts writes them set-based in
-- the same database transaction. Imports of one schema take turns on a transaction-scoped advisory lock, and a chunk
-- deletes its rows before it commits, so the table is empty between chunks and no two chunks ever share it. UNLOGGED:
-- its rows never outlive their transaction, so writing them to the WAL would only cost time.
CREATE UNLOGGED TABLE __schema__.account_imports (
    line           bigint      NOT NULL,
    number         text        NOT NULL,
    currency       char(3)     NOT NULL,
    user_id        bigint,
    user_email     text,
    debit_allowed  boolean     NOT NULL,
    -- The opening balance in minor units; the funding fields are NULL when it is zero.
    opening        bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    funded_at      timestamptz,
    bank_id        bigint,
    funding_uuid   uuid,
    -- Filled in by import_accounts: the account it created, and its funding transaction.
    account_id     bigint,
    transaction_id bigint
);

-- import_accounts joins the chunk with itself and with accounts by line and by number; the table is never analyzed
-- (its rows live for one transaction), so indexes keep the planner from nested-loop scans of the whole chunk.
CREATE INDEX account_imports_line_idx ON __schema__.account_imports (line);
CREATE INDEX account_imports_number_idx ON __schema__.account_imports (number, currency);
