-- Projects of a tenant and their members (API.md: Projects, Roles).
CREATE TABLE projects (
    project_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint      NOT NULL REFERENCES tenants (tenant_id),
    name        text        NOT NULL,
    description text,
    tags        text[]      NOT NULL DEFAULT '{}',
    created_by  bigint      REFERENCES users (user_id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Names are unique within a tenant whatever their case (API.md: 422 on a duplicate).
CREATE UNIQUE INDEX projects_tenant_name_key ON projects (tenant_id, lower(name));
CREATE INDEX projects_tags_idx ON projects USING gin (tags);
CREATE INDEX projects_created_by_idx ON projects (created_by);
COMMENT ON TABLE projects IS 'Projects group schemas, constraint sets and datasets of a team; members see and use them.';
COMMENT ON COLUMN projects.project_id IS 'Key of the project.';
COMMENT ON COLUMN projects.tenant_id IS 'Tenant that owns the project.';
COMMENT ON COLUMN projects.name IS 'Name, unique within the tenant regardless of case.';
COMMENT ON COLUMN projects.description IS 'Free text, optional.';
COMMENT ON COLUMN projects.tags IS 'Short lower-case labels (a-z, 0-9, _ . -; at most 20 of 1..32 characters) for filtering with GET /projects?tag=.';
COMMENT ON COLUMN projects.created_by IS 'User who created the project; a manager may manage the projects it created.';
COMMENT ON COLUMN projects.created_at IS 'When the project was created (UTC).';
COMMENT ON COLUMN projects.updated_at IS 'When name, description or tags last changed (UTC).';

CREATE TABLE project_members (
    project_id bigint      NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (user_id),
    role       text        NOT NULL CHECK (role IN ('view', 'edit')),
    added_by   bigint      REFERENCES users (user_id),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);
COMMENT ON TABLE project_members IS 'Who belongs to a project and with which project role; always users of the project''s tenant.';
COMMENT ON COLUMN project_members.project_id IS 'The project.';
COMMENT ON COLUMN project_members.user_id IS 'The member.';
COMMENT ON COLUMN project_members.role IS 'Project role: view (see and download) or edit (also create constraint sets and datasets).';
COMMENT ON COLUMN project_members.added_by IS 'User who added the member or last changed its role.';
COMMENT ON COLUMN project_members.added_at IS 'When the member was added or its role last changed (UTC).';
