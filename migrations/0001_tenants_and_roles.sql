-- Tenants and the role model of API.md.
CREATE TABLE tenant_roles (
    role        text PRIMARY KEY,
    rank        int  NOT NULL UNIQUE,
    description text NOT NULL
);
COMMENT ON TABLE tenant_roles IS 'The four tenant roles, lowest rank first; a role can never grant a higher one.';
COMMENT ON COLUMN tenant_roles.role IS 'Role name as the API writes it: tester, manager, admin, superuser.';
COMMENT ON COLUMN tenant_roles.rank IS 'Order of power: a higher rank includes every permission of the lower ones.';
COMMENT ON COLUMN tenant_roles.description IS 'What the role may do, in words.';

INSERT INTO tenant_roles (role, rank, description) VALUES
    ('tester',    1, 'Sees projects it is a member of; with edit membership creates constraint sets and datasets.'),
    ('manager',   2, 'Creates and manages its own projects, uploads schemas, invites testers.'),
    ('admin',     3, 'Manages everything in its tenant: users up to admin, projects, audit log, integrations, settings.'),
    ('superuser', 4, 'Manages all tenants.');

CREATE TABLE tenants (
    tenant_id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text        NOT NULL UNIQUE,
    max_record_count       bigint      NOT NULL DEFAULT 10000000 CHECK (max_record_count > 0),
    dataset_retention_days int         NOT NULL DEFAULT 30 CHECK (dataset_retention_days > 0),
    created_at             timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenants IS 'Organisations sharing the service; every other row belongs to exactly one tenant.';
COMMENT ON COLUMN tenants.tenant_id IS 'Key of the tenant.';
COMMENT ON COLUMN tenants.name IS 'Unique tenant name; the first one is called default.';
COMMENT ON COLUMN tenants.max_record_count IS 'Largest record_count a dataset of this tenant may ask for.';
COMMENT ON COLUMN tenants.dataset_retention_days IS 'Datasets older than this many days are deleted with their files.';
COMMENT ON COLUMN tenants.created_at IS 'When the tenant was created (UTC).';

CREATE TABLE users (
    user_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     bigint      NOT NULL REFERENCES tenants (tenant_id),
    username      text        NOT NULL,
    email         text        NOT NULL,
    full_name     text,
    role          text        NOT NULL REFERENCES tenant_roles (role),
    password_hash text,
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Usernames log in without a tenant, so they are unique across tenants, whatever their case.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_tenant_idx ON users (tenant_id);
COMMENT ON TABLE users IS 'People and CI accounts that log in; one tenant and one tenant role each.';
COMMENT ON COLUMN users.user_id IS 'Key of the user.';
COMMENT ON COLUMN users.tenant_id IS 'Tenant the user belongs to.';
COMMENT ON COLUMN users.username IS 'Login name, unique across all tenants regardless of case.';
COMMENT ON COLUMN users.email IS 'Contact address for invitations and notifications.';
COMMENT ON COLUMN users.full_name IS 'Display name, optional.';
COMMENT ON COLUMN users.role IS 'Tenant role: tester, manager, admin or superuser.';
COMMENT ON COLUMN users.password_hash IS 'Salted slow hash (PBKDF2-SHA256, iterations stored in the value); null until an invited user sets a password.';
COMMENT ON COLUMN users.is_active IS 'False once deactivated or deleted; inactive users cannot log in and their tokens fail.';
COMMENT ON COLUMN users.created_at IS 'When the user was created (UTC).';
COMMENT ON COLUMN users.updated_at IS 'When the user row last changed (UTC).';
