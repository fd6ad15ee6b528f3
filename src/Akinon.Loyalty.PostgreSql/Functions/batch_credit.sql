-- Group commit (Internal/WriteBatcher.cs): a credit to a bucketed system account (Sale), noted for the end of the
-- batch instead of written now, so a batch takes each hot bucket once, at its end, in (account id, bucket) order
-- (the lock order in post_draft.sql), instead of one random bucket per write in arrival order. The note is a
-- transaction-local setting: a write whose subtransaction rolls back takes its note with it. Called by pay_order
-- on its lock-free path when the batch's setting akinon_loyalty.batch is on; written by apply_batch_credits.
CREATE OR REPLACE FUNCTION __schema__.batch_credit(p_account bigint, p_amount bigint, p_at timestamptz)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM set_config('akinon_loyalty.batch_credits',
                       concat_ws(',', nullif(current_setting('akinon_loyalty.batch_credits', true), ''), p_account::text || ':' || p_amount::text), true);
    IF p_at > coalesce(nullif(current_setting('akinon_loyalty.batch_at', true), '')::timestamptz, '-infinity') THEN
        PERFORM set_config('akinon_loyalty.batch_at', p_at::text, true);
    END IF;
END
$$;
