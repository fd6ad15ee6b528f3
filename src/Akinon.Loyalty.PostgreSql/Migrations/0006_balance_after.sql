-- Akinon.Loyalty schema, version 6: statements. Tables and indexes only (see 0001_tables.sql).
-- The balance of a plain (customer, gift card, invoice) account right after each of its transfers, written by the
-- functions that post (post_draft, pay_order) from the balance they hold under the account's row lock; NULL on the
-- bucketed system accounts, whose exact balance the lock-free path never reads.
ALTER TABLE __schema__.transfers ADD COLUMN balance_after bigint;

-- Transfers posted before this migration get theirs from the history: the running sum of the account's transfers in id order.
UPDATE __schema__.transfers t
   SET balance_after = r.running
  FROM (SELECT x.id, sum(x.amount) OVER (PARTITION BY x.account_id ORDER BY x.id)::bigint AS running
          FROM __schema__.transfers x JOIN __schema__.accounts a ON a.id = x.account_id
         WHERE a.kind NOT IN (__system_account_kinds__)) r
 WHERE t.id = r.id;

-- A statement reads one account's transfers in a time range, oldest first by (created_at, id), a keyset page at a
-- time, and the opening balance as the sum of its transfers before the range.
CREATE INDEX transfers_account_time_idx ON __schema__.transfers (account_id, created_at, id) INCLUDE (amount);
