-- Mirrors the in-memory store's GetOrCreateAccountAsync (src/Akinon.Loyalty/Storage/): the account with this number
-- and currency when there is one, whatever its other fields, else a new one; two callers at once get the same row.
-- Returns the id of the account with this number and currency, creating it when missing.
CREATE OR REPLACE FUNCTION __schema__.get_or_create_account(
    p_number text, p_currency char(3), p_kind smallint, p_user_id bigint, p_user_email text, p_debit_allowed boolean,
    p_created_at timestamptz, p_buckets smallint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    SELECT id INTO v FROM __schema__.accounts WHERE number = p_number AND currency = p_currency;
    IF FOUND THEN
        RETURN v;
    END IF;
    INSERT INTO __schema__.accounts (number, currency, kind, user_id, user_email, debit_allowed, buckets, created_at, modified_at)
    VALUES (p_number, p_currency, p_kind, p_user_id, p_user_email, p_debit_allowed, p_buckets, p_created_at, p_created_at)
    ON CONFLICT (number, currency) DO NOTHING
    RETURNING id INTO v;
    IF v IS NULL THEN
        SELECT id INTO v FROM __schema__.accounts WHERE number = p_number AND currency = p_currency;
        RETURN v;
    END IF;
    IF p_buckets > 0 THEN
        INSERT INTO __schema__.account_buckets (account_id, bucket, debit_allowed, modified_at)
        SELECT v, b, p_debit_allowed, p_created_at FROM generate_series(0, p_buckets - 1) b;
    END IF;
    RETURN v;
END
$$;
