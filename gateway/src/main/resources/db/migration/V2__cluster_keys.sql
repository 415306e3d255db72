-- Keys every node of a cluster must share, created once by whichever node starts first.
-- digest_nonce: the HMAC key of SIP digest nonces (RFC 7616 §3.3), so any node verifies a nonce any node issued.
CREATE TABLE cluster_keys (
  name        text        PRIMARY KEY,
  value       bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
