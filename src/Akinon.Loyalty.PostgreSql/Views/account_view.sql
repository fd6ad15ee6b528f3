-- Mirrors Account.Balance and Account.Version: a bucketed (system) account's are the sums over its buckets.
-- Every account with its whole balance and version, whether plain or bucketed.
CREATE OR REPLACE VIEW __schema__.account_view AS
SELECT a.id, a.number, a.currency, a.kind, a.user_id, a.user_email, a.debit_allowed, a.expires_at,
       a.balance + coalesce(b.balance, 0) AS balance,
       a.created_at,
       greatest(a.modified_at, b.modified_at) AS modified_at,
       a.version + coalesce(b.version, 0) AS version
FROM __schema__.accounts a
LEFT JOIN LATERAL (
    SELECT sum(x.balance)::bigint AS balance, max(x.modified_at) AS modified_at, sum(x.version)::bigint AS version
    FROM __schema__.account_buckets x
    WHERE a.buckets > 0 AND x.account_id = a.id
) b ON true;
