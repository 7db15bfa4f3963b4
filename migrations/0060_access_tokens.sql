-- Personal access tokens are sessions of their own kind: the same row, the same liveness check and the same revocation
-- on every node. A CI job sends one as `Authorization: Bearer tdmp_pat_...`; only its SHA-256 is stored.
ALTER TABLE sessions ADD COLUMN kind text NOT NULL DEFAULT 'login' CHECK (kind IN ('login', 'access_token'));
ALTER TABLE sessions ADD COLUMN name text;
ALTER TABLE sessions ADD COLUMN token_hash text;
ALTER TABLE sessions ADD COLUMN last_used_at timestamptz;
ALTER TABLE sessions ADD CONSTRAINT sessions_access_token_shape
    CHECK (kind = 'login' OR (name IS NOT NULL AND token_hash IS NOT NULL));
CREATE UNIQUE INDEX sessions_token_hash_idx ON sessions (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX sessions_access_tokens_idx ON sessions (user_id) WHERE kind = 'access_token';
COMMENT ON COLUMN sessions.kind IS 'login: a JWT from POST /users/token; access_token: a personal access token (tdmp_pat_...), which a password change does not revoke.';
COMMENT ON COLUMN sessions.name IS 'Name the owner gave an access token (e.g. "nightly CI"); null for logins.';
COMMENT ON COLUMN sessions.token_hash IS 'SHA-256 (hex) of an access token; the token itself is shown once and never stored. Null for logins.';
COMMENT ON COLUMN sessions.last_used_at IS 'When an access token last authenticated a request (updated at most once a minute); null for logins and unused tokens.';
