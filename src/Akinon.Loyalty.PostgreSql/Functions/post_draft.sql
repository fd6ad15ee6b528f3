-- Mirrors the draft rules every store checks, in their order (the in-memory store's Post, src/Akinon.Loyalty/Storage/):
-- the key (claim_key), at least two legs, per leg a non-zero amount, the account exists, holds the draft's currency
-- and is at the expected version, the running sum stays in range, the legs sum to zero; then the refund claim
-- (refund room: the payment's refunded total is the one the draft assumed, and the refund fits what is left); then
-- per account NeverBelowZero / the debit rule and the balance range; then the write. A draft on system accounts alone
-- (a full capture) is checked against the same rules in one read and written in a handful of statements (the lean
-- path below, taken only when every rule holds; anything else takes the general path, which refuses it in this order).
--
-- Lock order. Every write takes its locks in this one order, so no two writers ever wait on each other in a cycle:
--   1. its idempotency key (claimed before anything else; claim_key takes a transaction-scoped advisory lock on the
--      key's hash first, so a concurrent holder of the key is waited for here);
--   2. account rows, in ascending id: the plain (customer) accounts it moves, and the row of an account whose own
--      fields update_account changes;
--   3. buckets of the bucketed (system) accounts, by (account id, bucket): every bucket of an account when the write
--      needs its exact balance, else the one bucket the lock-free path writes;
--   4. payment transaction rows (a refund's claim on what its payment paid).
-- A statement that locks several rows locks them in that order (ORDER BY ... FOR UPDATE).
-- A batch (group commit, Internal/WriteBatcher.cs) is one transaction of many writes, each keeping its locks until
-- the batch commits, so taken write by write the order would hold within each write but not across them. Its first
-- statement (lock_batch.sql) therefore takes the locks of all its writes in this same order: 1. every key, in
-- ascending hash (the advisory locks); 2. every plain account the posts move and every plain account of the paying
-- users, in ascending id; 3. every bucket of the bucketed accounts the posts move, and the one bucket of Sale (or
-- Hold) that the batch's deferred payment credits will go to, by (account id, bucket); 4. every payment row its
-- refunds claim. Its writes then find their locks held; the event counter (event_positions) is the last lock of a
-- batch as of a single write (finish_batch.sql, record_event.sql).
--
-- p_transaction_id: the caller (pay_order) already claimed p_key for this transaction, so the key is not claimed
-- again. p_new_account: legs on account 0 move this account (create_account's funding). p_nested: the draft posts
-- inside another keyed write, so a key taken meanwhile is a race to retry, not a replay.
CREATE OR REPLACE FUNCTION __schema__.post_draft(
    p_uuid uuid, p_kind smallint, p_currency char(3), p_created_at timestamptz,
    p_order_number text, p_order_id bigint, p_user_id bigint, p_user_email text,
    p_payment_uuid uuid, p_invoice_number text, p_key text, p_fingerprint text,
    p_accounts bigint[], p_amounts bigint[], p_keep boolean[], p_expected bigint[],
    p_refund_payment uuid, p_refund_before bigint, p_refund_amount bigint,
    p_new_account bigint DEFAULT NULL, p_nested boolean DEFAULT false, p_transaction_id bigint DEFAULT NULL,
    p_expires_at timestamptz DEFAULT NULL, p_actor text DEFAULT NULL, p_remote_address inet DEFAULT NULL,
    OUT o_transaction_id bigint, OUT o_transfer_ids bigint[], OUT o_replayed boolean, OUT o_balances_after bigint[])
LANGUAGE plpgsql
-- As in pay_order: every statement has the same shape on every call, so re-planning it for its values costs more
-- than it could save (a capture measured 2.5x a payment before this).
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    n          int := coalesce(cardinality(p_amounts), 0);
    ids        bigint[];
    slow       bigint[] := '{}';
    acc        record;
    k          record;
    pay        record;
    s          numeric := 0;
    bal0       numeric;
    bal        numeric;
    keep       boolean;
    ver        bigint;
    hint       bigint;
    bucket_no  int;
    fast          boolean;
    fast_ids      bigint[];
    fast_amounts  bigint[];
    fast_buckets  int[];
    fast_his      bigint[];
    fast_paid     bigint;
    fast_run      numeric := 0;
    fast_hi       bigint;
    slot          int;
BEGIN
    o_replayed := false;
    IF coalesce(cardinality(p_accounts), 0) <> n OR coalesce(cardinality(p_keep), 0) <> n OR coalesce(cardinality(p_expected), 0) <> n THEN
        RAISE EXCEPTION USING ERRCODE = __error_invalid_argument__, MESSAGE = 'The legs of the draft are malformed.';
    END IF;
    -- A plain assignment when no leg names the new account (a query, as the CASE of both was, runs on every call).
    IF p_new_account IS NULL THEN
        ids := coalesce(p_accounts, '{}');
    ELSE
        ids := ARRAY(SELECT CASE WHEN u.a = 0 THEN p_new_account ELSE u.a END FROM unnest(p_accounts) WITH ORDINALITY u(a, i) ORDER BY u.i);
    END IF;
    o_transaction_id := coalesce(p_transaction_id, nextval('__schema__.transactions_id_seq'));

    -- The key first: a replay or a conflict is decided before anything else, as in the reference store.
    IF p_key IS NOT NULL AND p_transaction_id IS NULL THEN
        SELECT * INTO k FROM __schema__.claim_key(p_key, p_fingerprint, o_transaction_id, p_new_account, p_nested => p_nested);
        IF NOT k.o_claimed THEN
            o_transaction_id := k.o_transaction_id;
            o_replayed := true;
            RETURN;
        END IF;
    END IF;

    IF n < 2 THEN
        RAISE EXCEPTION USING ERRCODE = __error_invalid_argument__, MESSAGE = 'A transaction needs at least two transfers.';
    END IF;

    -- The lean path: a draft that moves only system (bucketed) accounts, each on one leg, lock-free, with no expected
    -- version, refund claim or new account (a full capture, Hold -> Sale). It is held to the same rules as the
    -- general path below, checked by reads alone (two lookups by key a leg): every amount non-zero, every account
    -- present and in the draft's currency, every running sum in range, the sum zero; and it writes what that path
    -- writes, in a handful of statements instead of twenty (a capture cost 1.3x a payment through the general path).
    -- Each leg's bucket is one the general path's lock-free branch could take: one the change keeps within its share
    -- and, on an account that may not go below zero, one that covers a debit. A draft any leg of which is off this
    -- path, or breaks a rule, takes the general path, which refuses it (or posts it) in the reference order; nothing
    -- has been locked or written here but the key.
    IF p_refund_payment IS NULL AND p_new_account IS NULL THEN
        -- Leg by leg, in leg order, each a lookup by key (the account, then the bucket tried first): as one query
        -- with a window, a lateral bucket pick per leg and five sorted aggregates, the generic plan cost a capture
        -- 0.11 ms (pg_stat_statements, quick run), more than a quarter of its server time. The first leg off the path
        -- ends it, so a draft on customer accounts pays one lookup here. The legs are kept in account order (lock order).
        fast := true;
        fast_ids := '{}';
        fast_amounts := '{}';
        fast_buckets := '{}';
        fast_his := '{}';
        fast_paid := 0;
        FOR i IN 1 .. n LOOP
            fast_run := fast_run + p_amounts[i];
            SELECT y.currency, y.buckets, y.kind, y.debit_allowed INTO acc FROM __schema__.accounts y WHERE y.id = ids[i];
            IF NOT coalesce(FOUND AND p_amounts[i] <> 0 AND p_expected[i] IS NULL AND acc.currency = p_currency AND acc.buckets > 0
                            AND acc.kind IN (__system_account_kinds__) AND NOT (p_amounts[i] < 0 AND acc.debit_allowed AND p_keep[i])
                            AND NOT ids[i] = ANY (fast_ids)
                            AND fast_run BETWEEN -9223372036854775808 AND 9223372036854775807, false) THEN
                fast := false;
                EXIT;
            END IF;
            fast_hi := 9223372036854775807 / acc.buckets;
            -- The bucket tried first, by its key: a settlement's hold's own (hold_bucket.sql), else one at random; when
            -- it does not take the leg (its share, or a debit it does not cover), any that does, at random.
            bucket_no := coalesce(__schema__.hold_bucket(p_payment_uuid, acc.buckets), floor(random() * acc.buckets)::int);
            SELECT x.balance INTO hint FROM __schema__.account_buckets x WHERE x.account_id = ids[i] AND x.bucket = bucket_no;
            IF NOT coalesce(hint + p_amounts[i]::numeric BETWEEN -fast_hi AND fast_hi
                            AND (p_amounts[i] >= 0 OR acc.debit_allowed OR hint + p_amounts[i]::numeric >= 0), false) THEN
                SELECT x.bucket INTO bucket_no FROM __schema__.account_buckets x
                 WHERE x.account_id = ids[i] AND x.balance + p_amounts[i]::numeric BETWEEN -fast_hi AND fast_hi
                   AND (p_amounts[i] >= 0 OR acc.debit_allowed OR x.balance + p_amounts[i]::numeric >= 0)
                 ORDER BY random() LIMIT 1;
                IF bucket_no IS NULL THEN
                    fast := false;
                    EXIT;
                END IF;
            END IF;
            slot := 1;
            WHILE slot <= cardinality(fast_ids) AND fast_ids[slot] < ids[i] LOOP
                slot := slot + 1;
            END LOOP;
            fast_ids := fast_ids[1:slot - 1] || ids[i] || fast_ids[slot:];
            fast_amounts := fast_amounts[1:slot - 1] || p_amounts[i] || fast_amounts[slot:];
            fast_buckets := fast_buckets[1:slot - 1] || bucket_no || fast_buckets[slot:];
            fast_his := fast_his[1:slot - 1] || fast_hi || fast_his[slot:];
            IF p_amounts[i] > 0 AND acc.kind = __account_kind_sale__ THEN
                fast_paid := fast_paid + p_amounts[i];
            END IF;
        END LOOP;
        fast := fast AND fast_run = 0;
        IF fast THEN
            -- Buckets in lock order, (account, bucket); the guard re-reads the newest row after a wait, as below.
            FOR i IN 1 .. n LOOP
                UPDATE __schema__.account_buckets
                   SET balance = balance + fast_amounts[i], version = version + 1, modified_at = p_created_at
                 WHERE account_id = fast_ids[i] AND bucket = fast_buckets[i]
                   AND balance + fast_amounts[i]::numeric BETWEEN -fast_his[i] AND fast_his[i]
                   AND (fast_amounts[i] >= 0 OR debit_allowed OR balance + fast_amounts[i]::numeric >= 0);
                IF NOT FOUND THEN
                    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'A bucket of a system account changed concurrently.';
                END IF;
            END LOOP;
            -- The transaction and its legs, ids ascending in leg order; no balance after on a system account. Plain
            -- statements, as on the general path: one data-modifying WITH for all of it made a capture about 2.5%
            -- dearer (capture / payment, medians of 4 alternating quick runs, 0.97x with it, 0.95x without).
            o_balances_after := array_fill(NULL::bigint, ARRAY[n]);
            INSERT INTO __schema__.transactions (id, uuid, kind, currency, order_number, order_id, user_id, user_email,
                                                 payment_uuid, invoice_number, idempotency_key, fingerprint, paid, refunded, created_at, expires_at,
                                                 actor, remote_address)
            VALUES (o_transaction_id, p_uuid, p_kind, p_currency, p_order_number, p_order_id, p_user_id, p_user_email,
                    p_payment_uuid, p_invoice_number, p_key, p_fingerprint,
                    CASE WHEN p_kind = __transaction_kind_order_payment__ THEN fast_paid END,
                    CASE WHEN p_kind = __transaction_kind_order_payment__ THEN 0 END,
                    p_created_at, p_expires_at, p_actor, p_remote_address);
            o_transfer_ids := ARRAY(SELECT nextval('__schema__.transfers_id_seq') FROM generate_series(1, n) ORDER BY 1);
            INSERT INTO __schema__.transfers (id, transaction_id, transaction_uuid, kind, account_id, currency, amount, order_number, created_at, balance_after)
            SELECT o_transfer_ids[i], o_transaction_id, p_uuid, p_kind, ids[i], p_currency, p_amounts[i], p_order_number, p_created_at, NULL
              FROM generate_subscripts(p_amounts, 1) i;
            PERFORM __schema__.record_event(o_transaction_id, n);
            RETURN;
        END IF;
    END IF;

    -- Lock the plain accounts, then the buckets. A bucketed account takes the lock-free path (its whole change on
    -- one bucket, guarded at write time, written here so that the bucket is taken in lock order) unless a leg needs
    -- its exact balance or version, or the bucket would leave its share: then every bucket is locked. The bucket is
    -- read unlocked first, so the locked path is chosen before any of the account's buckets is held; the guard
    -- catches a concurrent change in between, and the retry reads afresh.
    PERFORM 1 FROM __schema__.accounts a WHERE a.id = ANY (ids) AND a.buckets = 0 ORDER BY a.id FOR UPDATE;
    FOR acc IN SELECT a.id, a.buckets, d.delta, d.legs, a.debit_allowed,
                      d.versioned OR (d.debits AND a.debit_allowed AND d.kept) AS exact,
                      9223372036854775807 / a.buckets AS hi
                 FROM (SELECT l.a AS id, sum(l.amt) AS delta, count(*) AS legs, bool_or(l.e IS NOT NULL) AS versioned,
                              bool_or(l.amt < 0) AS debits, bool_or(l.kp) AS kept
                         FROM unnest(ids, p_amounts, p_keep, p_expected) AS l(a, amt, kp, e) GROUP BY l.a) d
                 JOIN __schema__.accounts a ON a.id = d.id
                WHERE a.buckets > 0
                ORDER BY a.id LOOP
        IF NOT acc.exact THEN
            IF acc.delta < 0 AND NOT acc.debit_allowed THEN
                -- A debit of an account that may not go below zero (a capture or void from Hold, a refund from Sale):
                -- every bucket of such an account is at or above zero, so a bucket that covers the debit keeps the
                -- total there too. One is picked at random among those that do; when none does, every bucket is locked.
                -- A settlement's hold's own bucket first (hold_bucket.sql), so each hold's money stays in its bucket.
                SELECT x.bucket, x.balance INTO bucket_no, hint FROM __schema__.account_buckets x
                 WHERE x.account_id = acc.id AND x.balance + acc.delta >= 0
                 ORDER BY x.bucket IS DISTINCT FROM __schema__.hold_bucket(p_payment_uuid, acc.buckets), random() LIMIT 1;
            ELSE
                bucket_no := floor(random() * acc.buckets)::int;
                SELECT x.balance INTO hint FROM __schema__.account_buckets x WHERE x.account_id = acc.id AND x.bucket = bucket_no;
            END IF;
            IF hint + acc.delta BETWEEN -acc.hi AND acc.hi THEN
                -- The guard re-reads the newest row after a wait, so a concurrent switch of the debit rule or a
                -- concurrent debit of the same bucket is never missed.
                UPDATE __schema__.account_buckets
                   SET balance = balance + acc.delta, version = version + acc.legs, modified_at = p_created_at
                 WHERE account_id = acc.id AND bucket = bucket_no
                   AND balance + acc.delta BETWEEN -acc.hi AND acc.hi
                   AND (acc.delta >= 0 OR debit_allowed OR balance + acc.delta >= 0);
                IF NOT FOUND THEN
                    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'A bucket of a system account changed concurrently.';
                END IF;
                CONTINUE;
            END IF;
        END IF;
        PERFORM 1 FROM __schema__.account_buckets WHERE account_id = acc.id ORDER BY bucket FOR UPDATE;
        slow := slow || acc.id;
    END LOOP;

    -- Check, leg by leg, in the reference store's order.
    FOR i IN 1 .. n LOOP
        IF p_amounts[i] = 0 THEN
            RAISE EXCEPTION USING ERRCODE = __error_invalid_argument__, MESSAGE = 'A transfer must move a non-zero amount.';
        END IF;
        SELECT a.currency, a.buckets, a.version INTO acc FROM __schema__.accounts a WHERE a.id = ids[i];
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = __error_account_not_found__, MESSAGE = ids[i]::text;
        END IF;
        IF acc.currency <> p_currency THEN
            RAISE EXCEPTION USING ERRCODE = __error_currency_mismatch__, MESSAGE = ids[i]::text || '|' || acc.currency;
        END IF;
        IF p_expected[i] IS NOT NULL THEN
            ver := acc.version;
            IF acc.buckets > 0 THEN
                ver := ver + (SELECT coalesce(sum(x.version), 0) FROM __schema__.account_buckets x WHERE x.account_id = ids[i]);
            END IF;
            IF ver <> p_expected[i] THEN
                RAISE EXCEPTION USING ERRCODE = __error_concurrency_conflict__, MESSAGE = ids[i]::text;
            END IF;
        END IF;
        s := s + p_amounts[i];
        IF s > 9223372036854775807 OR s < -9223372036854775808 THEN
            RAISE EXCEPTION USING ERRCODE = __error_overflow__, MESSAGE = 'overflow';
        END IF;
    END LOOP;
    IF s <> 0 THEN
        RAISE EXCEPTION USING ERRCODE = __error_invalid_argument__, MESSAGE = 'The transfers of a transaction must sum to zero.';
    END IF;

    -- The refund claim before the debit rules, as the reference store checks it: a claim drafted from a stale
    -- refunded total is a race, whatever else it would run into, so the ledger prepares the refund again from
    -- the fresh total (and then refuses it, if at all, for the right reason).
    IF p_refund_payment IS NOT NULL THEN
        SELECT t.paid, t.refunded INTO pay FROM __schema__.transactions t
         WHERE t.uuid = p_refund_payment AND t.kind = __transaction_kind_order_payment__ FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = __error_payment_not_found__, MESSAGE = p_refund_payment::text;
        END IF;
        IF pay.refunded <> p_refund_before THEN
            RAISE EXCEPTION USING ERRCODE = __error_refund_race__, MESSAGE = p_refund_payment::text;
        END IF;
        IF p_refund_amount <= 0 OR p_refund_amount > pay.paid - pay.refunded THEN
            RAISE EXCEPTION USING ERRCODE = __error_refund_exceeds_payment__, MESSAGE = p_refund_payment::text || '|' || pay.paid::text || '|' || pay.refunded::text || '|' || p_refund_amount::text;
        END IF;
    END IF;

    -- Debit rules and the range on the exact (locked) balances; lock-free buckets need neither by construction.
    FOR i IN 1 .. n LOOP
        SELECT a.buckets, a.balance, a.debit_allowed INTO acc FROM __schema__.accounts a WHERE a.id = ids[i];
        IF acc.buckets = 0 OR ids[i] = ANY (slow) THEN
            bal0 := acc.balance;
            IF acc.buckets > 0 THEN
                bal0 := bal0 + (SELECT coalesce(sum(x.balance), 0) FROM __schema__.account_buckets x WHERE x.account_id = ids[i]);
            END IF;
            bal := bal0;
            keep := NOT acc.debit_allowed;
            FOR j IN 1 .. n LOOP
                IF ids[j] = ids[i] THEN
                    bal := bal + p_amounts[j];
                    IF abs(bal) > 9223372036854775807 THEN
                        RAISE EXCEPTION USING ERRCODE = __error_overflow__, MESSAGE = 'overflow';
                    END IF;
                    keep := keep OR p_keep[j];
                END IF;
            END LOOP;
            IF bal < 0 AND keep AND p_amounts[i] < 0 THEN
                RAISE EXCEPTION USING ERRCODE = __error_insufficient_funds__, MESSAGE = ids[i]::text || '|' || bal0::text || '|' || (-p_amounts[i])::text;
            END IF;
        END IF;
    END LOOP;

    -- Everything holds: write.
    UPDATE __schema__.accounts a
       SET balance = a.balance + d.delta, version = a.version + d.legs, modified_at = p_created_at
      FROM (SELECT l.a AS id, sum(l.amt) AS delta, count(*) AS legs FROM unnest(ids, p_amounts) AS l(a, amt) GROUP BY l.a) d
     WHERE a.id = d.id AND a.buckets = 0;

    -- The locked bucketed accounts: the change on one bucket when it stays within its share, else the new total
    -- spread evenly over every bucket (all locked), the legs counted on the one.
    FOR acc IN SELECT a.id, a.buckets, d.delta, d.legs,
                      9223372036854775807 / a.buckets AS hi
                 FROM (SELECT l.a AS id, sum(l.amt) AS delta, count(*) AS legs FROM unnest(ids, p_amounts) AS l(a, amt) GROUP BY l.a) d
                 JOIN __schema__.accounts a ON a.id = d.id
                WHERE a.id = ANY (slow)
                ORDER BY a.id LOOP
        bucket_no := floor(random() * acc.buckets)::int;
        UPDATE __schema__.account_buckets
           SET balance = balance + acc.delta, version = version + acc.legs, modified_at = p_created_at
         WHERE account_id = acc.id AND bucket = bucket_no AND balance + acc.delta BETWEEN -acc.hi AND acc.hi
           AND (acc.delta >= 0 OR debit_allowed OR balance + acc.delta >= 0);
        IF NOT FOUND THEN
            PERFORM __schema__.spread_buckets(acc.id, acc.delta, bucket_no, acc.legs, p_created_at);
        END IF;
    END LOOP;

    INSERT INTO __schema__.transactions (id, uuid, kind, currency, order_number, order_id, user_id, user_email,
                                         payment_uuid, invoice_number, idempotency_key, fingerprint, paid, refunded, created_at, expires_at,
                                         actor, remote_address)
    VALUES (o_transaction_id, p_uuid, p_kind, p_currency, p_order_number, p_order_id, p_user_id, p_user_email,
            p_payment_uuid, p_invoice_number, p_key, p_fingerprint,
            -- What an order payment paid: its credits to Sale (a capture also gives the rest of its hold back).
            CASE WHEN p_kind = __transaction_kind_order_payment__ THEN
                (SELECT coalesce(sum(l.amt), 0) FROM unnest(ids, p_amounts) AS l(a, amt) JOIN __schema__.accounts a ON a.id = l.a
                  WHERE l.amt > 0 AND a.kind = __account_kind_sale__) END,
            CASE WHEN p_kind = __transaction_kind_order_payment__ THEN 0 END,
            p_created_at, p_expires_at, p_actor, p_remote_address);

    o_transfer_ids := ARRAY(SELECT nextval('__schema__.transfers_id_seq') FROM generate_series(1, n) ORDER BY 1);
    -- Each leg's balance after it (Transfer.BalanceAfter): the plain account's new balance, written above under its
    -- row lock, less its later legs; NULL on system accounts. The legs are joined as an unnest, which the planner
    -- sizes as a handful of rows and so looks each account up by its key: joined on generate_subscripts (sized as a
    -- thousand rows) the generic plan scanned the whole accounts table on every posting.
    o_balances_after := ARRAY(
        SELECT CASE WHEN a.kind NOT IN (__system_account_kinds__) THEN
                   a.balance - coalesce((SELECT sum(l.amt) FROM unnest(ids, p_amounts) WITH ORDINALITY AS l(a, amt, j) WHERE l.j > u.i AND l.a = u.id), 0) END
          FROM unnest(ids) WITH ORDINALITY AS u(id, i) JOIN __schema__.accounts a ON a.id = u.id ORDER BY u.i);
    INSERT INTO __schema__.transfers (id, transaction_id, transaction_uuid, kind, account_id, currency, amount, order_number, created_at, balance_after)
    SELECT o_transfer_ids[i], o_transaction_id, p_uuid, p_kind, ids[i], p_currency, p_amounts[i], p_order_number, p_created_at, o_balances_after[i]
      FROM generate_subscripts(p_amounts, 1) i;

    IF p_refund_payment IS NOT NULL THEN
        UPDATE __schema__.transactions SET refunded = refunded + p_refund_amount
         WHERE uuid = p_refund_payment AND kind = __transaction_kind_order_payment__;
    END IF;

    PERFORM __schema__.record_event(o_transaction_id, n);
END
$$;
