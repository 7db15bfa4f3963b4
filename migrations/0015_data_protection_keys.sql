-- The ASP.NET Data Protection key ring, shared by every node through the database.
CREATE TABLE data_protection_keys (
    data_protection_key_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name          text        NOT NULL UNIQUE,
    xml                    text        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE data_protection_keys IS 'Key ring of ASP.NET Data Protection, which encrypts secrets at rest (TOTP secrets); readable only by the service''s database role in production.';
COMMENT ON COLUMN data_protection_keys.data_protection_key_id IS 'Key of the row.';
COMMENT ON COLUMN data_protection_keys.friendly_name IS 'Name Data Protection gives the element, e.g. key-<guid> or revocation-<time>.';
COMMENT ON COLUMN data_protection_keys.xml IS 'The key (or revocation) element as Data Protection writes it.';
COMMENT ON COLUMN data_protection_keys.created_at IS 'When the element was stored (UTC).';
