-- Group commit (Internal/WriteBatcher.cs): the first statement of every batch. Takes, at once and in the lock order
-- of post_draft.sql, every lock the batch's writes will take, so that the batch, like a single write, never holds a
-- lock of one level while it waits for one of a lower level, whichever write of it needs which. Two batches (two
-- stores on one schema, two hosts of one shop) then wait on each other at most in one direction, never in a cycle.
-- Without it each write takes its own locks in turn and keeps them: write 1's account B before write 2's account A
-- in one batch, A before B in another, and both wait until deadlock_timeout (1 s) aborts one write.
--   1. the idempotency keys (p_keys), as claim_key takes them: a transaction-scoped advisory lock on each key's
--      hash, in ascending hash;
--   2. the plain accounts, in ascending id: the accounts of the posts (p_accounts) and the accounts of the paying
--      users (p_users: what pay_order may draw on, superset that it is);
--   3. the buckets, by (account id, bucket): every bucket of the bucketed accounts a post moves (p_accounts), and
--      one bucket, chosen here, of each account the payments credit (p_credits), which apply_batch_credits writes;
--   4. the payment transaction rows the refunds claim (p_payments).
-- Each write then takes its locks as it always does; those already held are taken again at no wait. A write may
-- still take a lock this did not foresee (a user's account opened since, a bucket that leaves its share, a credit
-- that needs Sale's exact balance): such a lock comes out of order, and a deadlock it causes is detected and the
-- write retried, as before. Also turns the batch's setting on (akinon_loyalty.batch: pay_order and record_event
-- leave Sale's credits and the events to the batch's end).
CREATE OR REPLACE FUNCTION __schema__.lock_batch(
    p_keys text[], p_accounts bigint[], p_users bigint[], p_credits bigint[], p_payments uuid[])
RETURNS void
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    chosen text;
BEGIN
    PERFORM set_config('akinon_loyalty.batch', 'on', true);
    IF cardinality(p_keys) > 0 THEN
        PERFORM pg_advisory_xact_lock(hashtext('__schema__'), k.h)
           FROM (SELECT DISTINCT hashtext(x) AS h FROM unnest(p_keys) x WHERE x IS NOT NULL ORDER BY 1) k;
    END IF;
    PERFORM 1 FROM __schema__.accounts a
     WHERE (a.id = ANY (p_accounts) OR a.user_id = ANY (p_users)) AND a.buckets = 0
     ORDER BY a.id FOR UPDATE;
    -- One bucket per credited account, unless a post moves the account (then all of its buckets are locked anyway).
    SELECT string_agg(c.id::text || ':' || floor(random() * c.buckets)::int::text, ',') INTO chosen
      FROM (SELECT DISTINCT a.id, a.buckets FROM __schema__.accounts a
             WHERE a.id = ANY (p_credits) AND a.buckets > 0 AND NOT a.id = ANY (coalesce(p_accounts, '{}'))) c;
    PERFORM set_config('akinon_loyalty.batch_buckets', coalesce(chosen, ''), true);
    PERFORM 1 FROM __schema__.account_buckets b
     WHERE b.account_id = ANY (p_accounts)
        OR (b.account_id, b.bucket) IN (SELECT split_part(x, ':', 1)::bigint, split_part(x, ':', 2)::smallint
                                          FROM unnest(string_to_array(nullif(chosen, ''), ',')) x)
     ORDER BY b.account_id, b.bucket FOR UPDATE;
    IF cardinality(p_payments) > 0 THEN
        PERFORM 1 FROM __schema__.transactions t
         WHERE t.uuid = ANY (p_payments) AND t.kind = __transaction_kind_order_payment__
         ORDER BY t.id FOR UPDATE;
    END IF;
END
$$;
