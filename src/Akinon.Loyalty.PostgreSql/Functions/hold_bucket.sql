-- The bucket of a bucketed system account (Hold, and Sale beside it) that an order's hold uses: pay_order credits an
-- authorisation to this bucket of Hold, and a capture (post_draft's lean path) or a void or a partial capture (its
-- general path) takes the hold back from the same bucket first. Every hold's money then sits in its own bucket, which
-- covers it, so a settlement finds its bucket by its key instead of scanning Hold's buckets for one that does; any
-- other covering bucket is as correct (a batch credits its holds to one bucket, for example) and is what a
-- settlement falls back to. A hash of the hold's uuid, so the holds spread over the buckets as random picks would.
-- NULL for an account without buckets.
CREATE OR REPLACE FUNCTION __schema__.hold_bucket(p_hold uuid, p_buckets int)
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (uuid_hash(p_hold) & 2147483647) % nullif(p_buckets, 0) $$;
