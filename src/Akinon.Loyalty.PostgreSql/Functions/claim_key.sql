-- Mirrors the stores' idempotency rule (the in-memory store's key check, src/Akinon.Loyalty/Storage/): a key is
-- unused, or it was used by the same request (the same fingerprint, for the same kind of outcome), which is then
-- replayed; anything else is IdempotencyConflict. The one claim of every keyed write (post_draft, create_account,
-- update_account, pay_order); the key is the first lock they take (see the lock order in post_draft.sql).
--
-- Claims p_key for a transaction (p_transaction_id) or an account (p_account_id; p_same_account: the earlier claim
-- must be for this very account, as an update's is). o_claimed is true when this call took the key; otherwise the
-- earlier claim comes back. INSERT ... ON CONFLICT waits for a concurrent holder of the key, then sees its outcome;
-- a nested claim (a draft posted inside another keyed write) treats that as a race for the caller to retry.
CREATE OR REPLACE FUNCTION __schema__.claim_key(
    p_key text, p_fingerprint text, p_transaction_id bigint, p_account_id bigint,
    p_same_account boolean DEFAULT false, p_nested boolean DEFAULT false,
    OUT o_claimed boolean, OUT o_transaction_id bigint, OUT o_account_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    k record;
BEGIN
    -- The key's lock, first: the same transaction-scoped advisory lock a batch takes for each of its keys before
    -- anything else (lock_batch.sql), so a write waits for a concurrent holder of its key here, before it holds
    -- any row; the insert below then never waits.
    PERFORM pg_advisory_xact_lock(hashtext('__schema__'), hashtext(p_key));
    INSERT INTO __schema__.idempotency_keys (key, fingerprint, transaction_id, account_id)
    VALUES (p_key, p_fingerprint, p_transaction_id, p_account_id)
    ON CONFLICT (key) DO NOTHING;
    o_claimed := FOUND;
    IF o_claimed THEN
        RETURN;
    END IF;
    IF p_nested THEN
        RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'The idempotency key was taken concurrently.';
    END IF;
    SELECT * INTO k FROM __schema__.idempotency_keys WHERE key = p_key;
    IF k.fingerprint IS DISTINCT FROM p_fingerprint
       OR (p_transaction_id IS NOT NULL AND k.transaction_id IS NULL)
       OR (p_transaction_id IS NULL AND k.account_id IS NULL)
       OR (p_same_account AND k.account_id IS DISTINCT FROM p_account_id) THEN
        RAISE EXCEPTION USING ERRCODE = __error_idempotency_conflict__, MESSAGE = 'idempotency conflict';
    END IF;
    o_transaction_id := k.transaction_id;
    o_account_id := k.account_id;
END
$$;
