-- Mirrors the in-memory store's CreateAccountAsync (src/Akinon.Loyalty/Storage/): the account's key (claim_key), then
-- the number unique within the currency (DuplicateAccountNumber), then the funding draft by post_draft's rules.
-- Creates an account and, when p_f_uuid is not null, posts its funding draft (legs on account 0 move the new account).
-- Locks in the order at the top of post_draft.sql.
CREATE OR REPLACE FUNCTION __schema__.create_account(
    p_number text, p_currency char(3), p_kind smallint, p_user_id bigint, p_user_email text, p_debit_allowed boolean,
    p_created_at timestamptz, p_key text, p_fingerprint text, p_buckets smallint,
    p_f_uuid uuid, p_f_kind smallint, p_f_currency char(3), p_f_created_at timestamptz,
    p_f_order_number text, p_f_order_id bigint, p_f_user_id bigint, p_f_user_email text,
    p_f_payment_uuid uuid, p_f_invoice_number text, p_f_key text, p_f_fingerprint text,
    p_f_accounts bigint[], p_f_amounts bigint[], p_f_keep boolean[], p_f_expected bigint[],
    p_f_refund_payment uuid, p_f_refund_before bigint, p_f_refund_amount bigint,
    p_expires_at timestamptz DEFAULT NULL, p_f_actor text DEFAULT NULL, p_f_remote_address inet DEFAULT NULL,
    OUT o_account_id bigint, OUT o_transaction_id bigint, OUT o_transfer_ids bigint[], OUT o_replayed boolean, OUT o_balances_after bigint[])
LANGUAGE plpgsql AS $$
DECLARE
    k record;
    r record;
BEGIN
    o_replayed := false;
    o_account_id := nextval('__schema__.accounts_id_seq');
    IF p_key IS NOT NULL THEN
        SELECT * INTO k FROM __schema__.claim_key(p_key, p_fingerprint, NULL, o_account_id);
        IF NOT k.o_claimed THEN
            o_account_id := k.o_account_id;
            o_transaction_id := k.o_transaction_id;
            o_replayed := true;
            RETURN;
        END IF;
    END IF;

    INSERT INTO __schema__.accounts (id, number, currency, kind, user_id, user_email, debit_allowed, buckets, created_at, modified_at, expires_at)
    VALUES (o_account_id, p_number, p_currency, p_kind, p_user_id, p_user_email, p_debit_allowed, p_buckets, p_created_at, p_created_at, p_expires_at)
    ON CONFLICT (number, currency) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = __error_duplicate_account_number__, MESSAGE = 'duplicate account number';
    END IF;
    IF p_buckets > 0 THEN
        INSERT INTO __schema__.account_buckets (account_id, bucket, debit_allowed, modified_at)
        SELECT o_account_id, b, p_debit_allowed, p_created_at FROM generate_series(0, p_buckets - 1) b;
    END IF;

    IF p_f_uuid IS NOT NULL THEN
        SELECT * INTO r FROM __schema__.post_draft(
            p_f_uuid, p_f_kind, p_f_currency, p_f_created_at, p_f_order_number, p_f_order_id, p_f_user_id, p_f_user_email,
            p_f_payment_uuid, p_f_invoice_number, p_f_key, p_f_fingerprint, p_f_accounts, p_f_amounts, p_f_keep, p_f_expected,
            p_f_refund_payment, p_f_refund_before, p_f_refund_amount, p_new_account => o_account_id, p_nested => true,
            p_actor => p_f_actor, p_remote_address => p_f_remote_address);
        o_transaction_id := r.o_transaction_id;
        o_transfer_ids := r.o_transfer_ids;
        o_balances_after := r.o_balances_after;
        IF p_key IS NOT NULL THEN
            UPDATE __schema__.idempotency_keys SET transaction_id = o_transaction_id WHERE key = p_key;
        END IF;
    END IF;
END
$$;
