-- Akinon.Loyalty schema, version 11: a lighter staging table for the bulk import (see 0008_import.sql). Tables and
-- indexes only (see 0001_tables.sql).
--
-- import_accounts reads a chunk's staging rows in one statement, joined to the accounts it wrote by RETURNING, and never
-- rewrites them: the columns it used to fill in go, and so does the index by number, which only that rewrite and its
-- joins used (every COPY paid for it). The index by line stays: the rows whose number was taken are judged by line.
ALTER TABLE __schema__.account_imports DROP COLUMN account_id, DROP COLUMN transaction_id;
DROP INDEX __schema__.account_imports_number_idx;
