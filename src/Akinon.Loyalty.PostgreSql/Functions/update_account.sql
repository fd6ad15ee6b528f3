-- Mirrors the in-memory store's UpdateAccountAsync (src/Akinon.Loyalty/Storage/), in its order: the key (claim_key,
-- for this very account), the account exists, the expected version, a gift card's user is never replaced, the new
-- debit rule holds for the balance after the adjustment (OperationNotAllowed without one, InsufficientFunds with
-- one), then the adjustment by post_draft's rules; the version moves once, after everything held.
-- Changes an account's mutable fields and, when p_f_uuid is not null, posts an adjustment in the same transaction.
-- A keyed update (p_key) is judged by its key first and remembered with its result, even when nothing posts.
-- Returns false when the key replays (nothing written).
CREATE OR REPLACE FUNCTION __schema__.update_account(
    p_id bigint, p_expected bigint, p_debit_allowed boolean, p_user_email text, p_user_id bigint, p_modified_at timestamptz,
    p_key text, p_fingerprint text,
    p_f_uuid uuid, p_f_kind smallint, p_f_currency char(3), p_f_created_at timestamptz,
    p_f_order_number text, p_f_order_id bigint, p_f_user_id bigint, p_f_user_email text,
    p_f_payment_uuid uuid, p_f_invoice_number text, p_f_key text, p_f_fingerprint text,
    p_f_accounts bigint[], p_f_amounts bigint[], p_f_keep boolean[], p_f_expected bigint[],
    p_f_refund_payment uuid, p_f_refund_before bigint, p_f_refund_amount bigint,
    p_expires_at timestamptz DEFAULT NULL, p_f_actor text DEFAULT NULL, p_f_remote_address inet DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    a   record;
    k   record;
    r   record;
    bal numeric;
    proj numeric;
    ver bigint;
    new_debit boolean;
BEGIN
    -- The key before the version and every other rule: a replay is the same request for the same account, whatever
    -- the account looks like now.
    IF p_key IS NOT NULL THEN
        SELECT * INTO k FROM __schema__.claim_key(p_key, p_fingerprint, NULL, p_id, p_same_account => true);
        IF NOT k.o_claimed THEN
            RETURN false;
        END IF;
    END IF;

    -- Lock in the order at the top of this file: the account's row with the adjustment's plain accounts, then (for a
    -- bucketed account, whose debit rule every bucket copies) the buckets of it and of the adjustment's bucketed
    -- accounts; post_draft then finds what it needs already held.
    PERFORM 1 FROM __schema__.accounts x
     WHERE x.id = p_id OR (x.id = ANY (p_f_accounts) AND x.buckets = 0)
     ORDER BY x.id FOR UPDATE;
    SELECT * INTO a FROM __schema__.accounts WHERE id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = __error_account_not_found__, MESSAGE = p_id::text;
    END IF;
    bal := a.balance;
    ver := a.version;
    IF a.buckets > 0 THEN
        PERFORM 1 FROM __schema__.account_buckets x
         WHERE x.account_id = p_id OR x.account_id = ANY (p_f_accounts)
         ORDER BY x.account_id, x.bucket FOR UPDATE;
        SELECT bal + coalesce(sum(x.balance), 0), ver + coalesce(sum(x.version), 0) INTO bal, ver
          FROM __schema__.account_buckets x WHERE x.account_id = p_id;
    END IF;
    IF p_expected IS NOT NULL AND p_expected <> ver THEN
        RAISE EXCEPTION USING ERRCODE = __error_concurrency_conflict__, MESSAGE = p_id::text;
    END IF;

    IF p_user_id IS NOT NULL AND p_user_id IS DISTINCT FROM a.user_id AND a.user_id IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = __error_gift_card_already_redeemed__, MESSAGE = p_id::text || '|' || a.user_id::text;
    END IF;

    -- The changed fields apply first, so the adjustment is checked against the new debit rule; the version
    -- moves (once, after the adjustment's legs) only when everything has held, as in the reference store.
    new_debit := coalesce(p_debit_allowed, a.debit_allowed);
    proj := bal + coalesce((SELECT sum(l.amt) FROM unnest(p_f_accounts, p_f_amounts) AS l(acc, amt) WHERE l.acc = p_id), 0);
    IF NOT new_debit AND proj < 0 THEN
        IF p_f_uuid IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = __error_operation_not_allowed__, MESSAGE = p_id::text;
        END IF;
        RAISE EXCEPTION USING ERRCODE = __error_insufficient_funds__, MESSAGE = p_id::text || '|' || bal::text || '|' || (bal - proj)::text;
    END IF;

    UPDATE __schema__.accounts
       SET debit_allowed = new_debit,
           user_email = coalesce(p_user_email, user_email),
           user_id = coalesce(p_user_id, user_id),
           expires_at = coalesce(p_expires_at, expires_at)
     WHERE id = p_id;
    IF a.buckets > 0 AND new_debit <> a.debit_allowed THEN
        UPDATE __schema__.account_buckets SET debit_allowed = new_debit WHERE account_id = p_id;
    END IF;

    IF p_f_uuid IS NOT NULL THEN
        SELECT * INTO r FROM __schema__.post_draft(
            p_f_uuid, p_f_kind, p_f_currency, p_f_created_at, p_f_order_number, p_f_order_id, p_f_user_id, p_f_user_email,
            p_f_payment_uuid, p_f_invoice_number, p_f_key, p_f_fingerprint, p_f_accounts, p_f_amounts, p_f_keep, p_f_expected,
            p_f_refund_payment, p_f_refund_before, p_f_refund_amount, p_nested => true,
            p_actor => p_f_actor, p_remote_address => p_f_remote_address);
        IF p_key IS NOT NULL THEN
            UPDATE __schema__.idempotency_keys SET transaction_id = r.o_transaction_id WHERE key = p_key;
        END IF;
    END IF;

    -- A bucketed account that may no longer go below zero gets its total spread evenly (every bucket is locked
    -- above), so each bucket is at or above zero from now on, the rule post_draft's lock-free debits rely on.
    IF a.buckets > 0 AND NOT new_debit AND a.debit_allowed THEN
        PERFORM __schema__.spread_buckets(p_id, 0, 0, 0, NULL);
    END IF;

    -- An edit moves the version without a transfer: edits keeps the difference (0010_counts_and_buckets.sql).
    UPDATE __schema__.accounts SET modified_at = p_modified_at, version = version + 1, edits = edits + 1 WHERE id = p_id;
    RETURN true;
END
$$;
