-- Schemas linked to projects: datasets of a project are generated only from its linked schemas.
CREATE TABLE project_schemas (
    project_id bigint      NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    -- Deleting a schema (refused while datasets or constraint sets use it) unlinks it everywhere.
    schema_id  bigint      NOT NULL REFERENCES schemas (schema_id) ON DELETE CASCADE,
    linked_by  bigint      REFERENCES users (user_id),
    linked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, schema_id)
);
CREATE INDEX project_schemas_schema_idx ON project_schemas (schema_id);
COMMENT ON TABLE project_schemas IS 'Links between projects and the schemas of the same tenant they generate data from.';
COMMENT ON COLUMN project_schemas.project_id IS 'The project.';
COMMENT ON COLUMN project_schemas.schema_id IS 'The linked schema (same tenant as the project).';
COMMENT ON COLUMN project_schemas.linked_by IS 'User who linked the schema.';
COMMENT ON COLUMN project_schemas.linked_at IS 'When the schema was linked (UTC).';
