-- Akinon.Loyalty schema, version 6: statements. Tables and indexes only (see 0001_tables.sql).
-- The balance of a plain (customer, gift card, invoice) account right after each of its transfers, written by the
-- functions that post (post_draft, pay_order) from the balance they hold under the account's row lock; NULL on the
-- bucketed system accounts, whose exact balance the lock-free path never reads. Transfers posted before this
-- migration keep NULL (their running balance is the sum of the account's earlier transfers).
ALTER TABLE __schema__.transfers ADD COLUMN balance_after bigint;

-- A statement reads one account's transfers in a time range, oldest first by (created_at, id), a keyset page at a
-- time, and the opening balance as the sum of its transfers before the range.
CREATE INDEX transfers_account_time_idx ON __schema__.transfers (account_id, created_at, id) INCLUDE (amount);
