-- Akinon.Loyalty schema, version 12: the live holds, so an expiry run reads the holds that are live, not history.
--
-- A row per hold (an authorisation with an expiry) that no capture or void has settled yet, kept by the trigger of
-- Functions/track_live_hold.sql in the transaction that posts the hold or its settlement. ListExpiredHoldsAsync reads
-- the front of live_holds_expiry_idx; the table holds only what is live, so its cost follows the holds in flight, not
-- every hold ever written.
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
