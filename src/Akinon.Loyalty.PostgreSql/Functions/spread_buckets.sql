-- The even spread of a bucketed (system) account's balance (see 0001_tables.sql, "Balances"), the one place it is
-- written: every bucket of the account, all locked by the caller, set to an equal share of the account's total plus
-- p_delta (the first r buckets one unit more, so they sum to it exactly), after the total is checked against the
-- range; p_legs transfers are counted, and p_at stamped, on bucket p_bucket. Called by post_draft's locked path,
-- apply_batch_credits, import_accounts, and update_account when an account stops allowing debit (a spread of a total
-- at or above zero leaves every bucket at or above zero, the rule post_draft's lock-free debits rely on).
CREATE OR REPLACE FUNCTION __schema__.spread_buckets(p_account bigint, p_delta numeric, p_bucket int, p_legs bigint, p_at timestamptz)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    n     int;
    total numeric;
    r     numeric;
BEGIN
    SELECT count(*), sum(x.balance) + p_delta INTO n, total FROM __schema__.account_buckets x WHERE x.account_id = p_account;
    IF abs(total) > 9223372036854775807 THEN
        RAISE EXCEPTION USING ERRCODE = __error_overflow__, MESSAGE = 'overflow';
    END IF;
    -- total = q * n + r with 0 <= r < n (numeric division rounds, so q comes from the remainder).
    r := mod(mod(total, n) + n, n);
    UPDATE __schema__.account_buckets x
       SET balance = ((total - r) / n + CASE WHEN x.bucket < r THEN 1 ELSE 0 END)::bigint,
           version = x.version + CASE WHEN x.bucket = p_bucket THEN p_legs ELSE 0 END,
           modified_at = CASE WHEN x.bucket = p_bucket AND p_at IS NOT NULL THEN greatest(x.modified_at, p_at) ELSE x.modified_at END
     WHERE x.account_id = p_account;
END
$$;
