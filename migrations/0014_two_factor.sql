-- Two-factor login: TOTP secrets (encrypted) and single-use recovery codes (hashed).
CREATE TABLE user_two_factor (
    user_id          bigint PRIMARY KEY REFERENCES users (user_id),
    protected_secret text        NOT NULL,
    enabled_at       timestamptz,
    last_used_step   bigint,
    created_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_two_factor IS 'TOTP (RFC 6238) enrolment of a user: pending until confirmed with a code, then required at login.';
COMMENT ON COLUMN user_two_factor.user_id IS 'User the secret belongs to.';
COMMENT ON COLUMN user_two_factor.protected_secret IS 'The TOTP secret encrypted with ASP.NET Data Protection (keys in data_protection_keys); never stored or returned in clear after enrolment.';
COMMENT ON COLUMN user_two_factor.enabled_at IS 'When the user confirmed the secret with a valid code (UTC); null while enrolment is pending.';
COMMENT ON COLUMN user_two_factor.last_used_step IS 'The last 30-second time step whose code was accepted; only a later step is accepted next, so no code works twice.';
COMMENT ON COLUMN user_two_factor.created_at IS 'When the secret was generated (UTC).';

CREATE TABLE user_recovery_codes (
    recovery_code_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          bigint      NOT NULL REFERENCES users (user_id),
    code_hash        text        NOT NULL,
    used_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, code_hash)
);
COMMENT ON TABLE user_recovery_codes IS 'One-time codes that stand in for a TOTP code when the authenticator is lost; issued 10 at a time.';
COMMENT ON COLUMN user_recovery_codes.recovery_code_id IS 'Key of the recovery code.';
COMMENT ON COLUMN user_recovery_codes.user_id IS 'User the code belongs to.';
COMMENT ON COLUMN user_recovery_codes.code_hash IS 'SHA-256 (hex) of the normalised code; the code is shown once, when two-factor login is turned on.';
COMMENT ON COLUMN user_recovery_codes.used_at IS 'When the code was used (UTC); a used code never works again.';
COMMENT ON COLUMN user_recovery_codes.created_at IS 'When the code was issued (UTC).';
