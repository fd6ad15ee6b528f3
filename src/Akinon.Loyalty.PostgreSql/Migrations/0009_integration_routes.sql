-- Akinon.Loyalty schema, version 9: indexes for the data-warehouse account listing
-- (GET /api/v1/remote/{commerce_channel_id}/data-warehouse/loyalty/accounts/). Tables and indexes only (see 0001_tables.sql).
-- created_date filters and sorts read accounts by creation time, ties by id, from an index instead of a scan.

CREATE INDEX accounts_created_idx ON __schema__.accounts (created_at, id);
