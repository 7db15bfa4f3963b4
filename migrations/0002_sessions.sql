-- Login sessions: every JWT names one, so revocation holds on every node at once.
CREATE TABLE sessions (
    session_id   uuid PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (user_id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    client_ip    text,
    user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE sessions IS 'One row per issued access token; a token is accepted only while its session is not revoked.';
COMMENT ON COLUMN sessions.session_id IS 'Random id carried in the token as the sid claim.';
COMMENT ON COLUMN sessions.user_id IS 'User the session belongs to.';
COMMENT ON COLUMN sessions.created_at IS 'When the token was issued (UTC).';
COMMENT ON COLUMN sessions.expires_at IS 'When the token expires (UTC).';
COMMENT ON COLUMN sessions.revoked_at IS 'When the session was ended by logout, password or role change, deactivation; null while valid.';
COMMENT ON COLUMN sessions.client_ip IS 'Client address that logged in.';
COMMENT ON COLUMN sessions.user_agent IS 'User-Agent header of the login request.';
