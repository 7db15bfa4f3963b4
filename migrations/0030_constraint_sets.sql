-- Constraint sets narrow a schema; every save is a new version that datasets refer to.
CREATE TABLE constraint_sets (
    constraint_set_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         bigint      NOT NULL REFERENCES tenants (tenant_id),
    schema_id         bigint      NOT NULL REFERENCES schemas (schema_id),
    name              text        NOT NULL,
    description       text,
    version           int         NOT NULL DEFAULT 1,
    created_by        bigint      REFERENCES users (user_id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        bigint      REFERENCES users (user_id),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX constraint_sets_tenant_name_key ON constraint_sets (tenant_id, lower(name));
CREATE INDEX constraint_sets_schema_idx ON constraint_sets (schema_id);
COMMENT ON TABLE constraint_sets IS 'Named sets of rules that narrow one schema; the rules of each version are in constraint_set_versions.';
COMMENT ON COLUMN constraint_sets.constraint_set_id IS 'Key of the constraint set.';
COMMENT ON COLUMN constraint_sets.tenant_id IS 'Tenant that owns it (the schema''s tenant).';
COMMENT ON COLUMN constraint_sets.schema_id IS 'Schema whose repr the rules point into.';
COMMENT ON COLUMN constraint_sets.name IS 'Name, unique within the tenant regardless of case.';
COMMENT ON COLUMN constraint_sets.description IS 'Free text.';
COMMENT ON COLUMN constraint_sets.version IS 'Current version; PUT adds one.';
COMMENT ON COLUMN constraint_sets.created_by IS 'User who created it.';
COMMENT ON COLUMN constraint_sets.created_at IS 'When it was created (UTC).';
COMMENT ON COLUMN constraint_sets.updated_by IS 'User who saved the current version.';
COMMENT ON COLUMN constraint_sets.updated_at IS 'When the current version was saved (UTC).';

CREATE TABLE constraint_set_versions (
    constraint_set_id bigint      NOT NULL REFERENCES constraint_sets (constraint_set_id) ON DELETE CASCADE,
    version           int         NOT NULL,
    rules             jsonb       NOT NULL,
    created_by        bigint      REFERENCES users (user_id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (constraint_set_id, version)
);
COMMENT ON TABLE constraint_set_versions IS 'Every saved version of a constraint set''s rules, kept so datasets regenerate with the version they used.';
COMMENT ON COLUMN constraint_set_versions.constraint_set_id IS 'The constraint set.';
COMMENT ON COLUMN constraint_set_versions.version IS 'Version number, from 1.';
COMMENT ON COLUMN constraint_set_versions.rules IS 'The rules as JSON, as the API took them (GENERATION.md section 2).';
COMMENT ON COLUMN constraint_set_versions.created_by IS 'User who saved this version.';
COMMENT ON COLUMN constraint_set_versions.created_at IS 'When this version was saved (UTC).';
