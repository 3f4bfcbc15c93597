-- Staff sign-in for the web interface (issues 8 and 9, "Access"): passwords hashed with
-- argon2id, sessions kept in the database (the server holds no state of its own, so
-- several processes share them), and failed sign-ins counted per account and per address
-- for throttling. API tokens (api_tokens) stay for integrations.

-- One password per user. `login` is the user's name, trimmed and lower-cased: what the
-- sign-in form asks for. Only the argon2id string (libsodium crypto_pwhash_str) is kept.
CREATE TABLE user_credentials (
  user_id       bigint PRIMARY KEY REFERENCES users(id),
  login         text NOT NULL UNIQUE CHECK (login <> ''),
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  changed_at    timestamptz NOT NULL DEFAULT now()
);

-- A signed-in browser. The cookie carries a random token; only its SHA-256 is stored.
-- A session ends when revoked (sign-out), after `expires_at` (absolute lifetime) or when
-- unused for longer than the configured idle time (checked against last_seen_at).
CREATE TABLE sessions (
  id             bigserial PRIMARY KEY,
  token_hash     text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id        bigint NOT NULL REFERENCES users(id),
  csrf_token     text NOT NULL CHECK (length(csrf_token) >= 32),
  client_address text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz
);
CREATE INDEX sessions_user_open ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Failed sign-ins in the throttling window, per account (the login typed, known or not)
-- and per client address. Rows older than the window are deleted as new ones arrive.
CREATE TABLE sign_in_failures (
  id        bigserial PRIMARY KEY,
  scope     text NOT NULL CHECK (scope IN ('account', 'address')),
  key       text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (scope, key, failed_at);
