-- Call records (CONTRACT §6): one row per leg, written by the node that owns the leg at every status change
-- (io.psip.gateway.calls.PgCallRecorder, an upsert by uuid) and listed by GET /v1/calls.
--
-- A row whose end_time is set is never moved back to an open status: the upsert only applies to an open row, and
-- among open statuses only forwards (started, ringing, answered). The one exception is an end the gateway inferred
-- (inferred = true: the node restarted with the leg open, or the owning node said it no longer knows the leg):
-- any later report from the owning node replaces the guess.

CREATE TABLE calls (
  uuid              text        PRIMARY KEY,
  -- CON-…, shared by the legs of one call
  conversation_uuid text        NOT NULL,
  account_id        text        NOT NULL REFERENCES accounts (api_key) ON UPDATE CASCADE ON DELETE CASCADE,
  -- history: no foreign key, a record outlives the application that answered the call
  application_id    text,
  -- inbound | outbound
  direction         text        NOT NULL,
  -- the leg's from/to (number, SIP user or URI); "from" and "to" are reserved words
  from_party        text,
  to_party          text,
  -- sip | phone
  endpoint_type     text,
  -- the latest CONTRACT §6 status
  status            text        NOT NULL,
  start_time        timestamptz NOT NULL,
  answer_time       timestamptz,
  -- null while the leg is up
  end_time          timestamptz,
  -- whole seconds from answer to end
  duration          integer     NOT NULL DEFAULT 0,
  -- the final SIP status that ended the leg, 0 if none
  sip_code          integer     NOT NULL DEFAULT 0,
  detail            text,
  disconnected_by   text,
  -- the node that owns the leg's state
  node              text        NOT NULL,
  -- true when the end was inferred by the gateway (restart, lost), not reported by the owning node
  inferred          boolean     NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
-- GET /v1/calls: one account's legs by start time (either order)
CREATE INDEX calls_by_account ON calls (account_id, start_time DESC, uuid DESC);
-- GET /v1/calls?conversation_uuid=…
CREATE INDEX calls_by_conversation ON calls (conversation_uuid, start_time);
-- closing a node's open legs when it restarts
CREATE INDEX calls_open_by_node ON calls (node) WHERE end_time IS NULL;
