-- The event feed's one writer (LoyaltyEvent, ILedgerStore.ReadEventsAsync): a posted transaction's event, at the
-- next position. Called as the LAST write of every function that inserts a transaction (post_draft, pay_order), so
-- the event_positions row lock, which orders positions by commit, is held only until that function's commit. The same
-- row counts the ledger's transfers (0010_counts_and_buckets.sql), exact at every commit because it moves under that lock:
-- p_transfers, how many the caller just wrote (it knows; counting them again was an index scan on every write).
CREATE OR REPLACE FUNCTION __schema__.record_event(p_transaction_id bigint, p_transfers int)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    -- In a batch (group commit) the events are written once, at the batch's end (finish_batch.sql).
    IF coalesce(current_setting('akinon_loyalty.batch', true) = 'on', false) THEN
        PERFORM set_config('akinon_loyalty.batch_events',
                           concat_ws(',', nullif(current_setting('akinon_loyalty.batch_events', true), ''), p_transaction_id::text), true);
        RETURN;
    END IF;
    WITH next AS (
        UPDATE __schema__.event_positions
           SET last = last + 1,
               transfers = transfers + p_transfers
         WHERE id = 1 RETURNING last
    )
    INSERT INTO __schema__.events (position, transaction_id) SELECT last, p_transaction_id FROM next;
END
$$;
