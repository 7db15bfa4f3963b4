-- Integrations of a tenant: S3 buckets to export datasets to and webhooks to notify. Secret config fields
-- (keys, webhook secrets) are kept apart from the rest, encrypted with ASP.NET Data Protection.
CREATE TABLE integrations (
    integration_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         bigint      NOT NULL REFERENCES tenants (tenant_id),
    name              text        NOT NULL,
    provider          text        NOT NULL CHECK (provider IN ('s3', 'webhook')),
    config            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    protected_secrets text        NOT NULL,
    events            text[]      NOT NULL DEFAULT '{}',
    created_by        bigint      REFERENCES users (user_id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX integrations_tenant_name_idx ON integrations (tenant_id, lower(name));
CREATE INDEX integrations_webhooks_idx ON integrations (tenant_id) WHERE provider = 'webhook';
COMMENT ON TABLE integrations IS 'Connections of a tenant to outside systems: S3 buckets for dataset exports and webhooks for events.';
COMMENT ON COLUMN integrations.integration_id IS 'Key of the integration.';
COMMENT ON COLUMN integrations.tenant_id IS 'Tenant that owns it; only its admins (and superusers) see and use it.';
COMMENT ON COLUMN integrations.name IS 'Name given by the admin, unique within the tenant regardless of case.';
COMMENT ON COLUMN integrations.provider IS 's3 or webhook.';
COMMENT ON COLUMN integrations.config IS 'The provider''s configuration without its secret fields (bucket, region, endpoint_url, url, ...).';
COMMENT ON COLUMN integrations.protected_secrets IS 'The secret fields (secret_access_key, secret) as JSON, encrypted with ASP.NET Data Protection; never returned by the API.';
COMMENT ON COLUMN integrations.events IS 'Webhook events it receives: dataset.completed, dataset.failed, schema.uploaded, project.created; empty for s3.';
COMMENT ON COLUMN integrations.created_by IS 'User who created it.';
COMMENT ON COLUMN integrations.created_at IS 'When it was created (UTC).';
COMMENT ON COLUMN integrations.updated_at IS 'When it was last changed (UTC).';
