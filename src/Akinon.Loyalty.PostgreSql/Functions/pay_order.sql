-- Mirrors the allocation rule (src/Akinon.Loyalty/Orders/OrderAllocator.cs and the in-memory store's PayOrderAsync):
-- min(remaining, balance) from each of the user's positive, non-system accounts in the draft's currency that have not
-- expired at p_created_at (AllocationCandidate.CanGive: expires_at > the ledger's clock; never the server's now()), by
-- id, or (p_smallest_first) by balance then id, or (p_expiring_first) by AllocationCandidate.BySoonestExpiring:
-- expires_at ascending, no expiry last, then id; then what post_draft would post for that draft, its rules holding.
--
-- Allocates and posts an order payment (IOrderPaymentStore) in one transaction, or with p_kind an authorisation
-- (p_sale is then the Hold account and p_expires_at the hold's expiry; nothing else differs): claims the key (claim_key), locks
-- the user's giving accounts in ascending id and then one bucket of Sale (the lock order in post_draft.sql), takes
-- min(remaining, balance) from each in allocation order, and posts what post_draft would post for that draft. When
-- nothing can be taken, nothing is written (not even the key) and o_transaction_id is null. A replay returns the
-- original payment. The transaction comes back whole (header and legs, with the numbers of the accounts drawn on),
-- so the caller needs no further query.
CREATE OR REPLACE FUNCTION __schema__.pay_order(
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
    OUT o_actor text, OUT o_remote_address inet, OUT o_balances_after bigint[], OUT o_expires_at timestamptz)
LANGUAGE plpgsql
-- Every statement here has the same shape on every call; re-planning each for its parameter values (which the
-- plan cache otherwise tends to do) costs more than it could ever save on this hot path.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    k          record;
    covered    bigint;
    hint       bigint;
    sale       smallint;
    r          record;
    bucket_no  int;
    credits    bigint;
    -- In a batch (group commit, see batch_credit.sql) Sale is credited once per batch, at its end.
    deferred   boolean := coalesce(current_setting('akinon_loyalty.batch', true) = 'on', false);
BEGIN
    o_replayed := false;
    IF p_target IS NULL OR p_target <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = __error_invalid_argument__, MESSAGE = 'A payment''s target must be greater than zero.';
    END IF;
    o_transaction_id := nextval('__schema__.transactions_id_seq');

    -- The key first, claimed once for this payment (a fallback to post_draft reuses the claim).
    SELECT * INTO k FROM __schema__.claim_key(p_key, p_fingerprint, o_transaction_id, NULL);
    IF NOT k.o_claimed THEN
        o_replayed := true;
        SELECT x.id, x.uuid, x.kind, x.currency, x.order_number, x.order_id, x.user_id, x.user_email, x.payment_uuid,
               x.invoice_number, x.idempotency_key, x.created_at, x.fingerprint,
               l.ids, l.accounts, l.amounts, l.numbers, x.actor, x.remote_address, l.balances, x.expires_at
          INTO o_transaction_id, o_uuid, o_kind, o_currency, o_order_number, o_order_id, o_user_id, o_user_email,
               o_payment_uuid, o_invoice_number, o_idempotency_key, o_created_at, o_fingerprint,
               o_transfer_ids, o_accounts, o_amounts, o_numbers, o_actor, o_remote_address, o_balances_after, o_expires_at
          FROM __schema__.transactions x
          CROSS JOIN LATERAL (
              SELECT array_agg(t.id ORDER BY t.id) AS ids, array_agg(t.account_id ORDER BY t.id) AS accounts,
                     array_agg(t.amount ORDER BY t.id) AS amounts, array_agg(a.number ORDER BY t.id) AS numbers,
                     array_agg(t.balance_after ORDER BY t.id) AS balances
                FROM __schema__.transfers t
                LEFT JOIN __schema__.accounts a ON a.id = t.account_id
               WHERE t.transaction_id = x.id) l
         WHERE x.id = k.o_transaction_id;
        RETURN;
    END IF;

    -- Lock the giving accounts in ascending id (as every writer does), then allocate on the locked balances: a row
    -- a concurrent payment emptied while this one waited is re-checked against balance > 0 and skipped.
    SELECT array_agg(s.id ORDER BY s.ord), array_agg(s.number ORDER BY s.ord), array_agg(-s.take ORDER BY s.ord), sum(s.take),
           (SELECT CASE WHEN a.currency = p_currency THEN a.buckets END FROM __schema__.accounts a WHERE a.id = p_sale),
           array_agg(s.balance - s.take ORDER BY s.ord)
      INTO o_accounts, o_numbers, o_amounts, covered, sale, o_balances_after
      FROM (SELECT c.id, c.number, c.balance, row_number() OVER w AS ord,
                   least(c.balance, greatest(p_target - coalesce(sum(c.balance) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 0))::bigint AS take
              FROM (SELECT a.id, a.number, a.balance, a.expires_at
                      FROM __schema__.accounts a
                     WHERE a.user_id = p_user_id AND a.currency = p_currency AND a.kind NOT IN (__system_account_kinds__) AND a.balance > 0
                       AND (a.expires_at IS NULL OR a.expires_at > p_created_at)
                     ORDER BY a.id
                       FOR UPDATE) c
            WINDOW w AS (ORDER BY CASE WHEN p_smallest_first THEN c.balance END,
                                  CASE WHEN p_expiring_first THEN c.expires_at END NULLS LAST, c.id)) s
     WHERE s.take > 0;

    IF o_accounts IS NULL THEN
        -- Nothing to give: the claim goes too, so a later identical request can still pay once there is money.
        DELETE FROM __schema__.idempotency_keys WHERE key = p_key;
        o_transaction_id := NULL;
        RETURN;
    END IF;

    o_accounts := o_accounts || p_sale;
    o_amounts := o_amounts || covered;
    o_numbers := o_numbers || NULL::text;
    -- Each drawn account's balance after its leg (locked above, drawn once); none on Sale, a system account.
    o_balances_after := o_balances_after || NULL::bigint;
    o_uuid := p_uuid;
    o_kind := p_kind;
    o_expires_at := p_expires_at;
    o_currency := p_currency;
    o_order_number := p_order_number;
    o_order_id := p_order_id;
    o_user_id := p_user_id;
    o_user_email := p_user_email;
    o_idempotency_key := p_key;
    o_created_at := p_created_at;
    o_fingerprint := p_fingerprint;
    o_actor := p_actor;
    o_remote_address := p_remote_address;

    -- Sale's bucket is read unlocked first: when the credit would take it beyond its share of the range (see the tables' migration),
    -- the payment needs Sale's exact balance.
    IF sale > 0 THEN
        -- A hold's money goes to its own bucket of Hold, where its settlement looks first (hold_bucket.sql).
        bucket_no := CASE WHEN p_kind = __transaction_kind_authorization__ THEN __schema__.hold_bucket(p_uuid, sale)
                          ELSE floor(random() * sale)::int END;
        SELECT x.balance INTO hint FROM __schema__.account_buckets x WHERE x.account_id = p_sale AND x.bucket = bucket_no;
    END IF;
    IF sale IS NULL OR sale = 0 OR hint IS NULL OR hint + covered::numeric > 9223372036854775807 / sale THEN
        -- Anything off the common path (a Sale account that is missing, in another currency or not bucketed, or a
        -- credit that needs Sale's exact balance) is post_draft's to check and refuse: hand it the same draft and
        -- the key this call holds. A refusal rolls the claim back with everything else.
        SELECT * INTO r FROM __schema__.post_draft(
            p_uuid, p_kind, p_currency, p_created_at, p_order_number, p_order_id, p_user_id, p_user_email,
            NULL, NULL, p_key, p_fingerprint, o_accounts, o_amounts,
            array_fill(true, ARRAY[cardinality(o_accounts) - 1]) || false,
            array_fill(NULL::bigint, ARRAY[cardinality(o_accounts)]),
            NULL, NULL, NULL, p_transaction_id => o_transaction_id, p_expires_at => p_expires_at,
            p_actor => p_actor, p_remote_address => p_remote_address);
        o_transaction_id := r.o_transaction_id;
        o_transfer_ids := r.o_transfer_ids;
        o_balances_after := r.o_balances_after;
        RETURN;
    END IF;

    -- Write what post_draft writes for this draft, in one statement: each drawn account once, Sale on one bucket
    -- without a lock, the transaction, and its legs with ids ascending in leg order.
    WITH drawn AS (
        UPDATE __schema__.accounts a
           SET balance = a.balance + l.amt, version = a.version + 1, modified_at = p_created_at
          FROM unnest(o_accounts, o_amounts) AS l(id, amt)
         WHERE a.id = l.id AND l.amt < 0
    ), credited AS (
        UPDATE __schema__.account_buckets
           SET balance = balance + covered, version = version + 1, modified_at = p_created_at
         WHERE account_id = p_sale AND bucket = bucket_no AND balance + covered::numeric <= 9223372036854775807 / sale
           AND NOT deferred
        RETURNING 1
    ), posted AS (
        INSERT INTO __schema__.transactions (id, uuid, kind, currency, order_number, order_id, user_id, user_email,
                                             payment_uuid, invoice_number, idempotency_key, fingerprint, paid, refunded, created_at,
                                             expires_at, actor, remote_address)
        -- What a payment paid, as post_draft records it; a hold pays nothing until it is captured.
        VALUES (o_transaction_id, p_uuid, p_kind, p_currency, p_order_number, p_order_id, p_user_id, p_user_email,
                NULL, NULL, p_key, p_fingerprint,
                CASE WHEN p_kind = __transaction_kind_order_payment__ THEN covered END,
                CASE WHEN p_kind = __transaction_kind_order_payment__ THEN 0 END,
                p_created_at, p_expires_at, p_actor, p_remote_address)
    ), ids AS (
        SELECT array_agg(v ORDER BY v) AS t FROM (SELECT nextval('__schema__.transfers_id_seq') AS v FROM unnest(o_accounts)) s
    ), legs AS (
        INSERT INTO __schema__.transfers (id, transaction_id, transaction_uuid, kind, account_id, currency, amount, order_number, created_at, balance_after)
        SELECT ids.t[l.i], o_transaction_id, p_uuid, p_kind, l.a, p_currency, l.amt, p_order_number, p_created_at, l.b
          FROM ids, unnest(o_accounts, o_amounts, o_balances_after) WITH ORDINALITY AS l(a, amt, b, i)
    )
    SELECT ids.t, (SELECT count(*) FROM credited) INTO o_transfer_ids, credits FROM ids;
    IF deferred THEN
        PERFORM __schema__.batch_credit(p_sale, covered, p_created_at);
    ELSIF credits <> 1 THEN
        -- The bucket read above exists, so a concurrent credit took it to its share meanwhile: the retry reads afresh.
        RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'A bucket of Sale changed concurrently.';
    END IF;

    PERFORM __schema__.record_event(o_transaction_id, cardinality(o_accounts));
END
$$;
