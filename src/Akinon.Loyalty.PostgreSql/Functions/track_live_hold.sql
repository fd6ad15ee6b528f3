-- The live holds (migration 0012's live_holds): a trigger on transactions writes each expiring hold's row in the
-- transaction that posts the hold, so every path that posts one (pay_order's one statement, post_draft's general path,
-- their batched forms) keeps the table, and no function repeats the rule. A settlement writes nothing here, so a
-- capture or a void pays nothing for the table: ListExpiredHoldsAsync (PostgreSqlLedgerStore.Reads.cs) skips the
-- expired holds that are settled and deletes their rows as it passes them.
CREATE OR REPLACE FUNCTION __schema__.track_live_hold() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO __schema__.live_holds (uuid, expires_at, order_number) VALUES (NEW.uuid, NEW.expires_at, NEW.order_number);
    RETURN NULL;
END
$$;

-- Created again with the function (a changed function is dropped with its trigger first, Internal/Migrations.cs).
-- The WHEN clause is judged without calling the function, so anything but a hold pays nothing for it.
DROP TRIGGER IF EXISTS transactions_live_holds ON __schema__.transactions;
CREATE TRIGGER transactions_live_holds AFTER INSERT ON __schema__.transactions
    FOR EACH ROW
    WHEN (NEW.kind = __transaction_kind_authorization__ AND NEW.expires_at IS NOT NULL)
    EXECUTE FUNCTION __schema__.track_live_hold();
