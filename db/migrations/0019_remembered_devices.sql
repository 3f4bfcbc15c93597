-- Remembered devices for the sign-in throttle (docs/web-interface.md, "Sign-in"): the OWASP
-- "device cookie". A browser that has signed in as a user receives a random token in a
-- cookie; only its SHA-256 digest is stored here. When the same browser signs in as that
-- user again, the name is counted under the device (scope 'account_device', key
-- '<device id> <login>') instead of under the name that anyone can type, so an attacker who
-- keeps the name's count at its limit from elsewhere does not delay the owner's own browser.
-- The token is not a credential: it opens nothing, it only chooses the throttling key.
CREATE TABLE sign_in_devices (
  id           bigserial PRIMARY KEY,
  digest       text NOT NULL UNIQUE CHECK (digest ~ '^[0-9a-f]{64}$'),
  user_id      bigint NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_devices_user ON sign_in_devices (user_id, last_used_at);

ALTER TABLE sign_in_throttle DROP CONSTRAINT sign_in_throttle_scope_check;
ALTER TABLE sign_in_throttle ADD CONSTRAINT sign_in_throttle_scope_check
  CHECK (scope IN ('account', 'account_at', 'account_device', 'address'));
