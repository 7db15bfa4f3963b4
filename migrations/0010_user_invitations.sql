-- Invitations: a user created without a password sets one with a single-use token.
CREATE TABLE user_invitations (
    invitation_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint      NOT NULL REFERENCES users (user_id),
    token_hash    text        NOT NULL UNIQUE,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    created_by    bigint      REFERENCES users (user_id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_invitations_user_idx ON user_invitations (user_id);
COMMENT ON TABLE user_invitations IS 'Invitation tokens of users created without a password; each works once, until it expires.';
COMMENT ON COLUMN user_invitations.invitation_id IS 'Key of the invitation.';
COMMENT ON COLUMN user_invitations.user_id IS 'Invited user whose password the token sets.';
COMMENT ON COLUMN user_invitations.token_hash IS 'SHA-256 (hex) of the token; the token itself is shown once, to the inviter, and never stored.';
COMMENT ON COLUMN user_invitations.expires_at IS 'When the token stops working (UTC), 72 hours after the invitation.';
COMMENT ON COLUMN user_invitations.used_at IS 'When the token was used or withdrawn (UTC); null while it can still be used.';
COMMENT ON COLUMN user_invitations.created_by IS 'User who sent the invitation.';
COMMENT ON COLUMN user_invitations.created_at IS 'When the invitation was made (UTC).';
