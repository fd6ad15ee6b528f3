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
    total  numeric;
    funded bigint;
    last_position bigint;
BEGIN
    -- New accounts, ids in line order; a number taken meanwhile is left out by ON CONFLICT and judged below.
    WITH inserted AS (
        INSERT INTO __schema__.accounts (number, currency, kind, user_id, user_email, debit_allowed, balance, created_at, modified_at, version)
        SELECT i.number, i.currency, __account_kind_customer__, i.user_id, i.user_email, i.debit_allowed, i.opening, i.created_at,
               coalesce(i.funded_at, i.created_at), CASE WHEN i.opening = 0 THEN 1 ELSE 2 END
          FROM __schema__.account_imports i
         WHERE NOT EXISTS (SELECT 1 FROM __schema__.accounts a WHERE a.number = i.number AND a.currency = i.currency)
         ORDER BY i.line
        ON CONFLICT (number, currency) DO NOTHING
        RETURNING id, number, currency
    )
    UPDATE __schema__.account_imports i SET account_id = x.id FROM inserted x WHERE i.number = x.number AND i.currency = x.currency;

    RETURN QUERY
    SELECT i.line,
           a.kind = __account_kind_customer__ AND a.buckets = 0
           AND a.user_id IS NOT DISTINCT FROM i.user_id AND a.user_email IS NOT DISTINCT FROM i.user_email
           AND a.debit_allowed = i.debit_allowed AND a.created_at = i.created_at AND a.expires_at IS NULL AND a.balance = i.opening
      FROM __schema__.account_imports i
      JOIN __schema__.accounts a ON a.number = i.number AND a.currency = i.currency
     WHERE i.account_id IS NULL
     ORDER BY i.line;

    -- The funding transactions, ids in line order.
    UPDATE __schema__.account_imports i SET transaction_id = s.id
      FROM (SELECT o.line, nextval('__schema__.transactions_id_seq') AS id
              FROM (SELECT x.line FROM __schema__.account_imports x WHERE x.account_id IS NOT NULL AND x.opening <> 0 ORDER BY x.line) o) s
     WHERE i.line = s.line;
    GET DIAGNOSTICS funded = ROW_COUNT;
    IF funded = 0 THEN
        DELETE FROM __schema__.account_imports;
        RETURN;
    END IF;

    INSERT INTO __schema__.transactions (id, uuid, kind, currency, user_id, user_email, created_at)
    SELECT i.transaction_id, i.funding_uuid, __transaction_kind_adjustment__, i.currency, i.user_id, i.user_email, i.funded_at
      FROM __schema__.account_imports i WHERE i.transaction_id IS NOT NULL ORDER BY i.transaction_id;

    -- The new account's one transfer leaves it at its opening balance (Transfer.BalanceAfter); Bank, a system account, has none.
    INSERT INTO __schema__.transfers (transaction_id, transaction_uuid, kind, account_id, currency, amount, created_at, balance_after)
    SELECT i.transaction_id, i.funding_uuid, __transaction_kind_adjustment__, l.account_id, i.currency, l.amount, i.funded_at, l.after
      FROM __schema__.account_imports i
     CROSS JOIN LATERAL (VALUES (1, i.bank_id, -i.opening, NULL::bigint), (2, i.account_id, i.opening, i.opening)) AS l(leg, account_id, amount, after)
     WHERE i.transaction_id IS NOT NULL
     ORDER BY i.transaction_id, l.leg;

    -- Each Bank once per chunk: every bucket locked, the exact total checked against the range, then spread evenly
    -- (as post_draft's locked path does), the legs counted on bucket 0.
    FOR b IN SELECT i.bank_id AS id, -sum(i.opening) AS delta, count(*) AS legs, max(i.funded_at) AS at, a.buckets
               FROM __schema__.account_imports i JOIN __schema__.accounts a ON a.id = i.bank_id
              WHERE i.transaction_id IS NOT NULL
              GROUP BY i.bank_id, a.buckets
              ORDER BY i.bank_id LOOP
        PERFORM 1 FROM __schema__.account_buckets x WHERE x.account_id = b.id ORDER BY x.bucket FOR UPDATE;
        SELECT sum(x.balance) + b.delta INTO total FROM __schema__.account_buckets x WHERE x.account_id = b.id;
        IF abs(total) > 9223372036854775807 THEN
            RAISE EXCEPTION USING ERRCODE = __error_overflow__, MESSAGE = 'overflow';
        END IF;
        UPDATE __schema__.account_buckets x
           SET balance = ((total - t.r) / b.buckets + CASE WHEN x.bucket < t.r THEN 1 ELSE 0 END)::bigint,
               version = x.version + CASE WHEN x.bucket = 0 THEN b.legs ELSE 0 END,
               modified_at = CASE WHEN x.bucket = 0 THEN greatest(x.modified_at, b.at) ELSE x.modified_at END
          FROM (SELECT mod(mod(total, b.buckets) + b.buckets, b.buckets) AS r) t
         WHERE x.account_id = b.id;
    END LOOP;

    -- The events last (record_event's rule: the event_positions row is held only until this commit), in transaction order.
    UPDATE __schema__.event_positions SET last = last + funded, transfers = transfers + 2 * funded WHERE id = 1 RETURNING last INTO last_position;
    INSERT INTO __schema__.events (position, transaction_id)
    SELECT last_position - funded + row_number() OVER (ORDER BY i.transaction_id), i.transaction_id
      FROM __schema__.account_imports i WHERE i.transaction_id IS NOT NULL;

    DELETE FROM __schema__.account_imports;
END
$$;
