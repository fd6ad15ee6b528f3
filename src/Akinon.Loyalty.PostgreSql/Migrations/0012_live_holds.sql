-- Akinon.Loyalty schema, version 12: the live holds, so an expiry run reads the holds that are live, not history.
--
-- A row per expiring hold, written by the trigger of Functions/track_live_hold.sql in the transaction that posts the
-- hold, and deleted once the hold has expired and is settled (ListExpiredHoldsAsync deletes what it skips), so the
-- table holds the holds of the last expiry window, not every hold ever written. ListExpiredHoldsAsync reads the front
-- of live_holds_expiry_idx.
CREATE TABLE __schema__.live_holds (
    uuid         uuid        PRIMARY KEY,
    expires_at   timestamptz NOT NULL,
    order_number text        NOT NULL
);

CREATE INDEX live_holds_expiry_idx ON __schema__.live_holds (expires_at, uuid);

-- The holds written before: every expiring authorisation that no capture or void names. Writers wait from here until
-- this transaction commits with the trigger in place (Migrations.ApplyAsync applies the functions after the
-- migrations, in the same transaction), so no hold or settlement committed meanwhile is missed.
LOCK TABLE __schema__.transactions IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO __schema__.live_holds (uuid, expires_at, order_number)
SELECT h.uuid, h.expires_at, h.order_number
  FROM __schema__.transactions h
 WHERE h.kind = __transaction_kind_authorization__ AND h.expires_at IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM __schema__.transactions s
                    WHERE s.payment_uuid = h.uuid
                      AND s.kind IN (__transaction_kind_order_payment__, __transaction_kind_authorization_void__));
