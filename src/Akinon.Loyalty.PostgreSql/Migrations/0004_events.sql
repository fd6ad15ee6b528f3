-- Akinon.Loyalty schema, version 4: the event feed (an outbox) and the dispatchers' checkpoints.
--
-- Every posted transaction gets one events row, written by record_event in the same database transaction, so an
-- event exists if and only if the money moved. Positions are taken from the single event_positions row, which the
-- writer updates as its last step: its row lock is held until the writer commits, so the next writer takes the
-- next number only after this one committed (or rolled back, giving the number back). Positions are therefore
-- dense and in commit order, and a reader that resumes after the last position it saw can never skip an event that
-- commits later with a smaller number (which a plain sequence allows). The cost: writers queue on that row for the
-- length of a commit, not for their whole transaction.

CREATE TABLE __schema__.event_positions (
    id   smallint PRIMARY KEY CHECK (id = 1),
    last bigint   NOT NULL
);

CREATE TABLE __schema__.events (
    position       bigint PRIMARY KEY,
    transaction_id bigint NOT NULL UNIQUE
);

-- A schema with history gets its past transactions as events, in id order (all committed, so any fixed order holds).
INSERT INTO __schema__.events (position, transaction_id)
SELECT row_number() OVER (ORDER BY id), id FROM __schema__.transactions;

INSERT INTO __schema__.event_positions (id, last) SELECT 1, count(*) FROM __schema__.events;

-- Where each named dispatcher (AddEventHandler) has delivered up to: its handler saw every event up to position.
CREATE TABLE __schema__.event_checkpoints (
    name       text        PRIMARY KEY,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
