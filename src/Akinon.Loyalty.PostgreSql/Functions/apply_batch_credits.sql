-- Group commit (Internal/WriteBatcher.cs): writes the credits batch_credit noted, one update per account (their
-- sum, the legs counted), in ascending account id, each on the bucket lock_batch chose and locked at the batch's
-- start (else, for an account it did not foresee or all of whose buckets it locked, a random one) when the sum stays within the
-- bucket's share of the range (as pay_order's lock-free path), else the account's new total spread evenly over
-- all its buckets, locked in order (as post_draft does). Called at the end of a batch (finish_batch) and before
-- any write of the batch that may need a system account's exact balance (post_draft_in_batch), so no write ever
-- reads a balance without the credits before it.
CREATE OR REPLACE FUNCTION __schema__.apply_batch_credits()
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    notes     text := nullif(current_setting('akinon_loyalty.batch_credits', true), '');
    chosen    text[] := string_to_array(nullif(current_setting('akinon_loyalty.batch_buckets', true), ''), ',');
    at        timestamptz;
    c         record;
    bucket_no int;
BEGIN
    IF notes IS NULL THEN
        RETURN;
    END IF;
    at := current_setting('akinon_loyalty.batch_at', true)::timestamptz;
    PERFORM set_config('akinon_loyalty.batch_credits', '', true);
    FOR c IN SELECT n.id, n.delta, n.legs, a.buckets, 9223372036854775807 / a.buckets AS hi
               FROM (SELECT split_part(x, ':', 1)::bigint AS id, sum(split_part(x, ':', 2)::bigint) AS delta, count(*) AS legs
                       FROM unnest(string_to_array(notes, ',')) x GROUP BY 1) n
               JOIN __schema__.accounts a ON a.id = n.id
              ORDER BY n.id LOOP
        bucket_no := coalesce((SELECT split_part(x, ':', 2)::int FROM unnest(chosen) x WHERE split_part(x, ':', 1)::bigint = c.id),
                              floor(random() * c.buckets)::int);
        UPDATE __schema__.account_buckets
           SET balance = balance + c.delta, version = version + c.legs, modified_at = at
         WHERE account_id = c.id AND bucket = bucket_no AND balance + c.delta BETWEEN -c.hi AND c.hi;
        IF NOT FOUND THEN
            PERFORM 1 FROM __schema__.account_buckets WHERE account_id = c.id ORDER BY bucket FOR UPDATE;
            PERFORM __schema__.spread_buckets(c.id, c.delta, bucket_no, c.legs, at);
        END IF;
    END LOOP;
END
$$;
