-- Group commit (PostgreSqlLedgerOptions.Batching, Internal/WriteBatcher.cs): pay_order as one write of a batch.
-- A batch is many of these calls sent in one round trip and run in one database transaction (one implicit
-- transaction up to the protocol's Sync, so one commit); each call runs pay_order in its own subtransaction
-- (the EXCEPTION block), so a write that is refused, or that collides (deadlock, serialization failure), is rolled
-- back alone, its locks released, and the batch goes on. The error comes back as columns instead of being raised:
-- o_error_state (SQLSTATE), o_error_message and o_error_constraint, read by the store exactly as it reads a raised
-- one (Internal/StoreErrors.cs), so a refusal is worded the same batched or not; NULL o_error_state means applied.
-- The same arguments and results as pay_order, which holds every rule; this adds none.
CREATE OR REPLACE FUNCTION __schema__.pay_order_in_batch(
    p_uuid uuid, p_currency char(3), p_created_at timestamptz,
    p_order_number text, p_order_id bigint, p_user_id bigint, p_user_email text,
    p_key text, p_fingerprint text, p_target bigint, p_sale bigint, p_smallest_first boolean,
    p_expiring_first boolean DEFAULT false, p_actor text DEFAULT NULL, p_remote_address inet DEFAULT NULL,
    p_kind smallint DEFAULT __transaction_kind_order_payment__, p_expires_at timestamptz DEFAULT NULL,
    OUT o_transaction_id bigint, OUT o_replayed boolean,
    OUT o_uuid uuid, OUT o_kind smallint, OUT o_currency char(3), OUT o_order_number text, OUT o_order_id bigint,
    OUT o_user_id bigint, OUT o_user_email text, OUT o_payment_uuid uuid, OUT o_invoice_number text,
    OUT o_idempotency_key text, OUT o_created_at timestamptz, OUT o_fingerprint text,
    OUT o_transfer_ids bigint[], OUT o_accounts bigint[], OUT o_amounts bigint[], OUT o_numbers text[],
    OUT o_actor text, OUT o_remote_address inet, OUT o_balances_after bigint[], OUT o_expires_at timestamptz,
    OUT o_error_state text, OUT o_error_message text, OUT o_error_constraint text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    BEGIN
        SELECT p.o_transaction_id, p.o_replayed, p.o_uuid, p.o_kind, p.o_currency, p.o_order_number, p.o_order_id,
               p.o_user_id, p.o_user_email, p.o_payment_uuid, p.o_invoice_number, p.o_idempotency_key, p.o_created_at,
               p.o_fingerprint, p.o_transfer_ids, p.o_accounts, p.o_amounts, p.o_numbers,
               p.o_actor, p.o_remote_address, p.o_balances_after, p.o_expires_at
          INTO o_transaction_id, o_replayed, o_uuid, o_kind, o_currency, o_order_number, o_order_id,
               o_user_id, o_user_email, o_payment_uuid, o_invoice_number, o_idempotency_key, o_created_at,
               o_fingerprint, o_transfer_ids, o_accounts, o_amounts, o_numbers,
               o_actor, o_remote_address, o_balances_after, o_expires_at
          FROM __schema__.pay_order(
                   p_uuid => p_uuid, p_currency => p_currency, p_created_at => p_created_at,
                   p_order_number => p_order_number, p_order_id => p_order_id, p_user_id => p_user_id,
                   p_user_email => p_user_email, p_key => p_key, p_fingerprint => p_fingerprint, p_target => p_target,
                   p_sale => p_sale, p_smallest_first => p_smallest_first, p_expiring_first => p_expiring_first,
                   p_actor => p_actor, p_remote_address => p_remote_address,
                   p_kind => p_kind, p_expires_at => p_expires_at) p;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS o_error_state = RETURNED_SQLSTATE, o_error_message = MESSAGE_TEXT, o_error_constraint = CONSTRAINT_NAME;
        o_transaction_id := NULL;
        o_transfer_ids := NULL;
    END;
END
$$;
