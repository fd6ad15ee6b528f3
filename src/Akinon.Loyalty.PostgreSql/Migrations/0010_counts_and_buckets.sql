-- Akinon.Loyalty schema, version 10: maintained transfer counts, and buckets that never go below zero.
--
-- Maintained transfer counts, so the `count` of a page of an account's transfers
-- and of all transfers costs the same at ten million transfers as at ten thousand (ListTransfersAsync). Tables only
-- (see 0001_tables.sql), with a backfill of what was written before.
--
-- An account's version moves once per leg posted on it and once per edit (update_account), from 1: so its number of
-- transfers is version - 1 - edits, read from its row (and its buckets' versions, for a system account) instead of
-- counted over its index range. Only update_account moves edits.
ALTER TABLE __schema__.accounts ADD COLUMN edits bigint NOT NULL DEFAULT 0;

UPDATE __schema__.accounts a
   SET edits = a.version + coalesce(b.v, 0) - 1 - coalesce(t.n, 0)
  FROM __schema__.accounts x
  LEFT JOIN (SELECT account_id, sum(version) AS v FROM __schema__.account_buckets GROUP BY account_id) b ON b.account_id = x.id
  LEFT JOIN (SELECT account_id, count(*) AS n FROM __schema__.transfers GROUP BY account_id) t ON t.account_id = x.id
 WHERE x.id = a.id AND a.version + coalesce(b.v, 0) - 1 - coalesce(t.n, 0) <> 0;

-- Every transfer of the ledger, kept beside the event feed's last position by the same writer in the same lock
-- (record_event, finish_batch, import_accounts), so it is exact at every commit.
ALTER TABLE __schema__.event_positions ADD COLUMN transfers bigint NOT NULL DEFAULT 0;

UPDATE __schema__.event_positions SET transfers = (SELECT count(*) FROM __schema__.transfers) WHERE id = 1;

-- Every bucket of a bucketed account that may not go below zero is at or above zero (post_draft debits such an account
-- on one bucket that covers the debit, without locking the others; its locked path and update_account keep the rule).
-- Buckets written before could be below zero while their total was not: their totals are spread evenly once.
UPDATE __schema__.account_buckets x
   SET balance = ((t.total - t.r) / t.buckets + CASE WHEN x.bucket < t.r THEN 1 ELSE 0 END)::bigint
  FROM (SELECT u.account_id, u.total, u.buckets, mod(mod(u.total, u.buckets) + u.buckets, u.buckets) AS r
          FROM (SELECT y.account_id, sum(y.balance) AS total, a.buckets
                  FROM __schema__.account_buckets y JOIN __schema__.accounts a ON a.id = y.account_id
                 WHERE NOT a.debit_allowed
                 GROUP BY y.account_id, a.buckets
                HAVING min(y.balance) < 0) u) t
 WHERE x.account_id = t.account_id;
