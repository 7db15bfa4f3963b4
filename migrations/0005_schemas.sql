-- Uploaded XSD and JSON Schema files with the repr the generator and constraint sets work on.
CREATE TABLE schemas (
    schema_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint      NOT NULL REFERENCES tenants (tenant_id),
    name         text        NOT NULL,
    type         text        NOT NULL CHECK (type IN ('xsd', 'json_schema')),
    description  text,
    file_name    text,
    content      bytea       NOT NULL,
    size_bytes   bigint      NOT NULL,
    sha256       text        NOT NULL,
    roots        text[]      NOT NULL DEFAULT '{}',
    field_count  int         NOT NULL DEFAULT 0,
    repr         jsonb       NOT NULL,
    created_by   bigint      REFERENCES users (user_id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX schemas_tenant_name_key ON schemas (tenant_id, lower(name));
COMMENT ON TABLE schemas IS 'Uploaded schemas of a tenant; linked to projects to generate datasets from them.';
COMMENT ON COLUMN schemas.schema_id IS 'Key of the schema.';
COMMENT ON COLUMN schemas.tenant_id IS 'Tenant that owns the schema.';
COMMENT ON COLUMN schemas.name IS 'Name, unique within the tenant regardless of case.';
COMMENT ON COLUMN schemas.type IS 'Schema language: xsd or json_schema.';
COMMENT ON COLUMN schemas.description IS 'Free text from the uploader.';
COMMENT ON COLUMN schemas.file_name IS 'Name of the uploaded file, when it came as one (a .zip for several XSD files).';
COMMENT ON COLUMN schemas.content IS 'The uploaded bytes, unchanged.';
COMMENT ON COLUMN schemas.size_bytes IS 'Size of content in bytes.';
COMMENT ON COLUMN schemas.sha256 IS 'SHA-256 of content, hex.';
COMMENT ON COLUMN schemas.roots IS 'Paths of the root nodes a dataset can generate (JSON Schema: one; XSD: each global element).';
COMMENT ON COLUMN schemas.field_count IS 'Number of nodes in the repr.';
COMMENT ON COLUMN schemas.repr IS 'The schema as a tree of fields (GET /schemas/{id}/repr), as JSON.';
COMMENT ON COLUMN schemas.created_by IS 'User who uploaded it.';
COMMENT ON COLUMN schemas.created_at IS 'When it was uploaded (UTC).';
