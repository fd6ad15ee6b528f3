-- Group commit (Internal/WriteBatcher.cs): the last statement of every batch. Writes the system-account credits the
-- batch's writes noted (apply_batch_credits), then the events of the transactions they posted, at the next
-- positions, in the batch's order, taking the event_positions row once, as the batch's last lock (see
-- 0004_events.sql: held until the commit, so positions stay dense and in commit order). A failure here fails the
-- whole batch, and each write is retried or reported as the unbatched path would.
CREATE OR REPLACE FUNCTION __schema__.finish_batch(OUT o_events int)
LANGUAGE plpgsql
AS $$
DECLARE
    ids bigint[] := string_to_array(nullif(current_setting('akinon_loyalty.batch_events', true), ''), ',')::bigint[];
BEGIN
    PERFORM __schema__.apply_batch_credits();
    o_events := coalesce(cardinality(ids), 0);
    IF o_events > 0 THEN
        WITH next AS (
            UPDATE __schema__.event_positions
               SET last = last + o_events,
                   transfers = transfers + (SELECT count(*) FROM __schema__.transfers t WHERE t.transaction_id = ANY (ids))
             WHERE id = 1 RETURNING last
        )
        INSERT INTO __schema__.events (position, transaction_id)
        SELECT next.last - o_events + e.i, e.id FROM next, unnest(ids) WITH ORDINALITY e(id, i);
    END IF;
    PERFORM set_config('akinon_loyalty.batch_events', '', true);
    PERFORM set_config('akinon_loyalty.batch', 'off', true);
END
$$;
