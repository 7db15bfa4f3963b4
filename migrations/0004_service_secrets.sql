-- Secrets the service makes for itself once and shares between nodes through the database.
CREATE TABLE service_secrets (
    name       text PRIMARY KEY,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE service_secrets IS 'Keys generated on first start (token signing key) so that every node uses the same ones.';
COMMENT ON COLUMN service_secrets.name IS 'What the secret is for, e.g. jwt_signing_key.';
COMMENT ON COLUMN service_secrets.value IS 'The secret, base64; readable only by the service''s database role in production.';
COMMENT ON COLUMN service_secrets.created_at IS 'When it was generated (UTC).';
