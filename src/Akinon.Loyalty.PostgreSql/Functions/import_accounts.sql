-- Mirrors the in-memory store's ImportAccountsAsync (src/Akinon.Loyalty/Storage/InMemory/InMemoryLedgerStore.Import.cs) and
-- AccountImportDraft.IsWrittenAs: every row of account_imports (one chunk, copied in by the caller in this transaction,
-- under the schema's import lock) whose number and currency are free becomes an account with its opening adjustment
-- against Bank (the shape OpenAccount.Drafts gives: the Bank leg, then the account's, in one Adjustment); a row whose
-- number is taken is returned, o_written telling whether the account there is the row's (skipped) or not
-- (DuplicateAccountNumber). The ledger checked every rule a row earns on its own (OpenAccount.Check), so a funding draft
-- of an imported row breaks no draft rule but Bank's range, checked here on its exact, locked total.
-- Locks in the order at the top of post_draft.sql: the new account rows, then every bucket of each Bank (by id), then
-- the event_positions row, last.
CREATE OR REPLACE FUNCTION __schema__.import_accounts()
RETURNS TABLE (o_line bigint, o_written boolean)
LANGUAGE plpgsql AS $$
DECLARE
    b      record;
    funded bigint;
    last_position bigint;
    taken    bigint[];
    ids      bigint[];
    bank_ids bigint[];
    deltas   numeric[];
    legs     bigint[];
    ats      timestamptz[];
BEGIN
    -- One statement writes the chunk: the new accounts (ids in line order; a number taken meanwhile is left out by
    -- ON CONFLICT and judged below), then for each account written with an opening its funding transaction (ids in
    -- line order) and its two transfers, each row joined to its account by RETURNING, so the staging rows are read,
    -- never rewritten. It gives back the lines left out, the funding transactions in order, and each Bank's total.
    -- The transfers' foreign key checks run at the end of the statement, when every transaction is in.
    --
    -- Every staging row is offered to the INSERT, and ON CONFLICT leaves out the numbers taken. Filtering them first
    -- (NOT EXISTS against accounts) made the planner size the rest as one row as soon as the ledger held more
    -- accounts than a chunk (it assumes each row finds its match in a larger unique set), and so join the chunk to its
    -- own inserted rows pair by pair: 8,192 rows took 6.6 s instead of 0.7 s at 190,000 accounts. A row left out still
    -- uses up an account id (ids stay ascending in line order, with gaps).
    WITH inserted AS (
        INSERT INTO __schema__.accounts (number, currency, kind, user_id, user_email, debit_allowed, balance, created_at, modified_at, version)
        SELECT i.number, i.currency, __account_kind_customer__, i.user_id, i.user_email, i.debit_allowed, i.opening, i.created_at,
               coalesce(i.funded_at, i.created_at), CASE WHEN i.opening = 0 THEN 1 ELSE 2 END
          FROM __schema__.account_imports i
         ORDER BY i.line
        ON CONFLICT (number, currency) DO NOTHING
        RETURNING id, number, currency
    ), funding AS MATERIALIZED (
        SELECT o.*, nextval('__schema__.transactions_id_seq') AS transaction_id
          FROM (SELECT i.line, i.currency, i.user_id, i.user_email, i.opening, i.funded_at, i.bank_id, i.funding_uuid, x.id AS account_id
                  FROM __schema__.account_imports i JOIN inserted x ON x.number = i.number AND x.currency = i.currency
                 WHERE i.opening <> 0
                 ORDER BY i.line) o
    ), transactions_in AS (
        INSERT INTO __schema__.transactions (id, uuid, kind, currency, user_id, user_email, created_at)
        SELECT f.transaction_id, f.funding_uuid, __transaction_kind_adjustment__, f.currency, f.user_id, f.user_email, f.funded_at
          FROM funding f ORDER BY f.transaction_id
    ), transfers_in AS (
        -- The new account's one transfer leaves it at its opening balance (Transfer.BalanceAfter); Bank, a system account, has none.
        INSERT INTO __schema__.transfers (transaction_id, transaction_uuid, kind, account_id, currency, amount, created_at, balance_after)
        SELECT f.transaction_id, f.funding_uuid, __transaction_kind_adjustment__, l.account_id, f.currency, l.amount, f.funded_at, l.after
          FROM funding f
         CROSS JOIN LATERAL (VALUES (1, f.bank_id, -f.opening, NULL::bigint), (2, f.account_id, f.opening, f.opening)) AS l(leg, account_id, amount, after)
         ORDER BY f.transaction_id, l.leg
    ), banks AS (
        SELECT f.bank_id, -sum(f.opening) AS delta, count(*) AS legs, max(f.funded_at) AS at FROM funding f GROUP BY f.bank_id
    )
    SELECT (SELECT array_agg(i.line) FROM __schema__.account_imports i
             WHERE NOT EXISTS (SELECT 1 FROM inserted x WHERE x.number = i.number AND x.currency = i.currency)),
           (SELECT array_agg(f.transaction_id ORDER BY f.transaction_id) FROM funding f),
           (SELECT array_agg(k.bank_id ORDER BY k.bank_id) FROM banks k),
           (SELECT array_agg(k.delta ORDER BY k.bank_id) FROM banks k),
           (SELECT array_agg(k.legs ORDER BY k.bank_id) FROM banks k),
           (SELECT array_agg(k.at ORDER BY k.bank_id) FROM banks k)
      INTO taken, ids, bank_ids, deltas, legs, ats;

    -- The rows whose number was taken, judged against the account there (a new snapshot: one written meanwhile is seen).
    IF taken IS NOT NULL THEN
        RETURN QUERY
        SELECT i.line,
               a.kind = __account_kind_customer__ AND a.buckets = 0
               AND a.user_id IS NOT DISTINCT FROM i.user_id AND a.user_email IS NOT DISTINCT FROM i.user_email
               AND a.debit_allowed = i.debit_allowed AND a.created_at = i.created_at AND a.expires_at IS NULL AND a.balance = i.opening
          FROM __schema__.account_imports i
          JOIN unnest(taken) AS t(line) ON t.line = i.line
          JOIN __schema__.accounts a ON a.number = i.number AND a.currency = i.currency
         ORDER BY i.line;
    END IF;

    funded := coalesce(cardinality(ids), 0);
    IF funded = 0 THEN
        TRUNCATE __schema__.account_imports;
        RETURN;
    END IF;

    -- Each Bank once per chunk: every bucket locked, then the exact total checked against the range and spread evenly
    -- (spread_buckets, as post_draft's locked path does), the legs counted on bucket 0.
    FOR b IN SELECT k.id, k.delta, k.legs, k.at
               FROM unnest(bank_ids, deltas, legs, ats) AS k(id, delta, legs, at)
              ORDER BY k.id LOOP
        PERFORM 1 FROM __schema__.account_buckets x WHERE x.account_id = b.id ORDER BY x.bucket FOR UPDATE;
        PERFORM __schema__.spread_buckets(b.id, b.delta, 0, b.legs, b.at);
    END LOOP;

    -- The events last (record_event's rule: the event_positions row is held only until this commit), in transaction order.
    UPDATE __schema__.event_positions SET last = last + funded, transfers = transfers + 2 * funded WHERE id = 1 RETURNING last INTO last_position;
    INSERT INTO __schema__.events (position, transaction_id)
    SELECT last_position - funded + u.n, u.id FROM unnest(ids) WITH ORDINALITY AS u(id, n);

    -- Emptied by TRUNCATE, not DELETE: a chunk's rows leave no dead tuples behind, so the staging table and its index
    -- stay one chunk long however many chunks an import has (DELETE made each chunk slower than the last).
    TRUNCATE __schema__.account_imports;
END
$$;
