-- Provisioning: accounts, applications, PSIP domains and their digest users, numbers.
--
-- Every row carries the version it was last written at, taken from one sequence: an INSERT or UPDATE sets
-- version = nextval('directory_version'), a DELETE returns nextval('directory_version') as its tombstone's version.
-- Each node's in-memory directory orders the change notifications it receives by these versions, so two changes
-- to one key converge on the database's last word whatever order their notifications arrive in.

CREATE SEQUENCE directory_version;

CREATE TABLE accounts (
  api_key          text        PRIMARY KEY,
  name             text        NOT NULL,
  is_primary       boolean     NOT NULL DEFAULT false,
  -- HTTP Basic: pbkdf2-sha256$<iterations>$<salt>$<hash>; the secret itself is never stored
  secret_hash      text        NOT NULL,
  -- SIP Connect digest: HA1 = H(api_key ":" digest_realm ":" api_secret) per algorithm (RFC 7616 §3.4.2)
  digest_realm     text        NOT NULL,
  ha1_md5          text        NOT NULL,
  ha1_sha256       text        NOT NULL,
  -- signs this account's webhooks (HS256), so it is needed in clear; never returned after creation, never logged
  signature_secret text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          bigint      NOT NULL
);
-- at most one primary account
CREATE UNIQUE INDEX accounts_one_primary ON accounts (is_primary) WHERE is_primary;
CREATE INDEX accounts_by_age ON accounts (created_at, api_key);

CREATE TABLE applications (
  id          uuid        PRIMARY KEY,
  account_id  text        NOT NULL REFERENCES accounts (api_key) ON UPDATE CASCADE ON DELETE CASCADE,
  name        text        NOT NULL,
  -- capabilities.voice as the API validated and defaulted it: {webhooks: {answer_url, fallback_answer_url,
  -- event_url: {address, http_method, connect_timeout, socket_timeout}}, signed_callbacks}
  voice       jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint      NOT NULL,
  -- the target of the (application, account) foreign keys below: a resource can only use its own account's application
  UNIQUE (id, account_id)
);
CREATE INDEX applications_by_account ON applications (account_id, created_at, id);

CREATE TABLE domains (
  -- unique across all accounts: it is the first label of <name>.sip-<region>.<sip.domain>
  name            text        PRIMARY KEY,
  account_id      text        NOT NULL REFERENCES accounts (api_key) ON UPDATE CASCADE ON DELETE CASCADE,
  application_id  uuid        NOT NULL,
  acl             text[]      NOT NULL DEFAULT '{}',
  digest_auth     boolean     NOT NULL,
  tls             text        NOT NULL,
  srtp            text        NOT NULL,
  domain_type     text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         bigint      NOT NULL,
  -- an application in use cannot be deleted (the store answers 409)
  FOREIGN KEY (application_id, account_id) REFERENCES applications (id, account_id)
    ON UPDATE CASCADE ON DELETE RESTRICT
);
CREATE INDEX domains_by_account ON domains (account_id, created_at, name);
CREATE INDEX domains_by_application ON domains (application_id);

CREATE TABLE domain_users (
  domain      text        NOT NULL REFERENCES domains (name) ON DELETE CASCADE,
  user_key    text        NOT NULL,
  -- HA1s for the realm <domain>.<sip.domain>; the secret is write-only
  ha1_md5     text        NOT NULL,
  ha1_sha256  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint      NOT NULL,
  PRIMARY KEY (domain, user_key)
);
CREATE INDEX domain_users_by_age ON domain_users (domain, created_at, user_key);

CREATE TABLE numbers (
  -- E.164 digits without '+'; one owner across all accounts
  msisdn          text        PRIMARY KEY,
  account_id      text        NOT NULL REFERENCES accounts (api_key) ON UPDATE CASCADE ON DELETE CASCADE,
  application_id  uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         bigint      NOT NULL,
  FOREIGN KEY (application_id, account_id) REFERENCES applications (id, account_id)
    ON UPDATE CASCADE ON DELETE RESTRICT
);
CREATE INDEX numbers_by_account ON numbers (account_id, created_at, msisdn);
CREATE INDEX numbers_by_application ON numbers (application_id);
