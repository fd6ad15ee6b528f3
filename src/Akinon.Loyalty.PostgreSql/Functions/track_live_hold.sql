-- The live holds (migration 0012's live_holds): a trigger on transactions, so every path that posts a hold or a
-- settlement (pay_order's one statement, post_draft's general and lean paths, their batched forms) keeps the table in
-- the same transaction, and no function repeats the rule. Which transaction settles a hold is
-- TransactionDraft.SettlesHold's rule (src/Akinon.Loyalty/Storage/TransactionDraft.cs), which the in-memory store
-- applies: a capture (an order payment) or a void naming the hold in payment_uuid; a refund names its payment there,
-- and settles nothing.
CREATE OR REPLACE FUNCTION __schema__.track_live_hold() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.kind = __transaction_kind_authorization__ THEN
        INSERT INTO __schema__.live_holds (uuid, expires_at, order_number) VALUES (NEW.uuid, NEW.expires_at, NEW.order_number);
    ELSE
        DELETE FROM __schema__.live_holds WHERE uuid = NEW.payment_uuid;
    END IF;
    RETURN NULL;
END
$$;

-- Created again with the function (a changed function is dropped with its trigger first, Internal/Migrations.cs).
-- The WHEN clause is judged without calling the function, so a payment, transfer or refund pays nothing for it.
DROP TRIGGER IF EXISTS transactions_live_holds ON __schema__.transactions;
CREATE TRIGGER transactions_live_holds AFTER INSERT ON __schema__.transactions
    FOR EACH ROW
    WHEN ((NEW.kind = __transaction_kind_authorization__ AND NEW.expires_at IS NOT NULL)
          OR (NEW.payment_uuid IS NOT NULL
              AND NEW.kind IN (__transaction_kind_order_payment__, __transaction_kind_authorization_void__)))
    EXECUTE FUNCTION __schema__.track_live_hold();
