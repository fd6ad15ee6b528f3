-- Group commit (PostgreSqlLedgerOptions.Batching, Internal/WriteBatcher.cs): post_draft as one write of a batch,
-- in its own subtransaction, its error returned as columns instead of raised (see pay_order_in_batch.sql, which
-- explains the batch). The same arguments and results as post_draft, which holds every rule; this adds none.
CREATE OR REPLACE FUNCTION __schema__.post_draft_in_batch(
    p_uuid uuid, p_kind smallint, p_currency char(3), p_created_at timestamptz,
    p_order_number text, p_order_id bigint, p_user_id bigint, p_user_email text,
    p_payment_uuid uuid, p_invoice_number text, p_key text, p_fingerprint text,
    p_accounts bigint[], p_amounts bigint[], p_keep boolean[], p_expected bigint[],
    p_refund_payment uuid, p_refund_before bigint, p_refund_amount bigint,
    p_expires_at timestamptz DEFAULT NULL, p_actor text DEFAULT NULL, p_remote_address inet DEFAULT NULL,
    OUT o_transaction_id bigint, OUT o_transfer_ids bigint[], OUT o_replayed boolean, OUT o_balances_after bigint[],
    OUT o_error_state text, OUT o_error_message text, OUT o_error_constraint text)
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        -- The credits noted so far first, so a leg that needs a system account's exact balance reads all of it.
        PERFORM __schema__.apply_batch_credits();
        SELECT p.o_transaction_id, p.o_transfer_ids, p.o_replayed, p.o_balances_after
          INTO o_transaction_id, o_transfer_ids, o_replayed, o_balances_after
          FROM __schema__.post_draft(
                   p_uuid => p_uuid, p_kind => p_kind, p_currency => p_currency, p_created_at => p_created_at,
                   p_order_number => p_order_number, p_order_id => p_order_id, p_user_id => p_user_id,
                   p_user_email => p_user_email, p_payment_uuid => p_payment_uuid, p_invoice_number => p_invoice_number,
                   p_key => p_key, p_fingerprint => p_fingerprint, p_accounts => p_accounts, p_amounts => p_amounts,
                   p_keep => p_keep, p_expected => p_expected, p_refund_payment => p_refund_payment,
                   p_refund_before => p_refund_before, p_refund_amount => p_refund_amount, p_expires_at => p_expires_at,
                   p_actor => p_actor, p_remote_address => p_remote_address) p;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS o_error_state = RETURNED_SQLSTATE, o_error_message = MESSAGE_TEXT, o_error_constraint = CONSTRAINT_NAME;
        o_transaction_id := NULL;
        o_transfer_ids := NULL;
        o_replayed := false;
    END;
END
$$;
