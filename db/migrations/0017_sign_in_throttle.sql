-- Sign-in throttling, security review L1 (workflow/sign_in_throttle.hpp, docs/web-interface.md).
--
-- One row per throttled key instead of one row per failure: the sign-in locks the row and
-- reserves its attempt before the password is checked, so concurrent attempts in every
-- thread and process count each other, and a key over its limit waits a growing time
-- (at most the window) instead of being refused for as long as anyone keeps failing.
--
-- scope 'account':    the login typed (known or not), wherever it comes from
--       'account_at': the login at an address key its user signed in from in the last 30 days
--                     (key: '<address key> <login>'), so failures elsewhere do not hold
--                     the user back where they usually sign in
--       'address':    the client address key (IPv4 address, or the IPv6 /64 prefix)
-- A key is at most an address key, a space and a login of at most 256 bytes: nothing longer
-- is ever stored.
CREATE TABLE sign_in_throttle (
  scope           text NOT NULL CHECK (scope IN ('account', 'account_at', 'address')),
  key             text NOT NULL CHECK (octet_length(key) <= 320),
  failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),  -- as of last_failure_at
  last_failure_at timestamptz,
  last_attempt_at timestamptz,                                       -- the last attempt allowed
  pending         integer NOT NULL DEFAULT 0 CHECK (pending >= 0),   -- allowed, not yet checked
  pending_at      timestamptz,
  PRIMARY KEY (scope, key)
);

-- What the previous table counted in the window carries over (IPv6 addresses were keyed
-- on the whole address and start afresh under their /64 key).
INSERT INTO sign_in_throttle (scope, key, failures, last_failure_at, last_attempt_at)
SELECT scope, key, count(*), max(failed_at), max(failed_at)
FROM sign_in_failures
WHERE failed_at > now() - interval '15 minutes' AND octet_length(key) <= 256
  AND (scope = 'account' OR position(':' IN key) = 0)
GROUP BY scope, key;

DROP TABLE sign_in_failures;

-- The address key of each new session (older sessions have none), to recognise the
-- addresses a user signs in from.
ALTER TABLE sessions ADD COLUMN address_key text;
CREATE INDEX sessions_user_address ON sessions (user_id, address_key, created_at) WHERE address_key IS NOT NULL;
