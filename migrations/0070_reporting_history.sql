-- Reporting keeps history: a deleted dataset (by DELETE /datasets/{id}, with its project, or by retention) leaves a
-- row in deleted_datasets, written by a trigger so that every way of deleting is covered; reporting.datasets shows
-- live and deleted datasets with deleted_at. reporting.audit_actions names every audit action with a description.
CREATE TABLE deleted_datasets (
    dataset_id          bigint      PRIMARY KEY,
    tenant_id           bigint      NOT NULL,
    tenant_name         text,
    project_id          bigint      NOT NULL,
    project_name        text,
    schema_id           bigint      NOT NULL,
    schema_name         text,
    dataset_name        text        NOT NULL,
    status              text        NOT NULL,
    record_count        bigint      NOT NULL,
    types               text[]      NOT NULL,
    attempts            int         NOT NULL,
    error               text,
    created_by          bigint,
    created_by_username text,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    size_bytes          bigint      NOT NULL,
    deleted_at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE deleted_datasets IS 'One row per deleted dataset, as it was when deleted (names resolved then), for reporting.';
COMMENT ON COLUMN deleted_datasets.dataset_id IS 'Key the dataset had.';
COMMENT ON COLUMN deleted_datasets.tenant_id IS 'Tenant that owned it.';
COMMENT ON COLUMN deleted_datasets.tenant_name IS 'Name of the tenant when it was deleted.';
COMMENT ON COLUMN deleted_datasets.project_id IS 'Project it belonged to.';
COMMENT ON COLUMN deleted_datasets.project_name IS 'Name of the project when it was deleted.';
COMMENT ON COLUMN deleted_datasets.schema_id IS 'Schema it followed.';
COMMENT ON COLUMN deleted_datasets.schema_name IS 'Name of the schema when it was deleted.';
COMMENT ON COLUMN deleted_datasets.dataset_name IS 'Name of the dataset.';
COMMENT ON COLUMN deleted_datasets.status IS 'Status it had when deleted (a running one was stopped).';
COMMENT ON COLUMN deleted_datasets.record_count IS 'Records asked for.';
COMMENT ON COLUMN deleted_datasets.types IS 'Output formats.';
COMMENT ON COLUMN deleted_datasets.attempts IS 'How often a worker started it.';
COMMENT ON COLUMN deleted_datasets.error IS 'Why it failed, if it did.';
COMMENT ON COLUMN deleted_datasets.created_by IS 'User id of the creator.';
COMMENT ON COLUMN deleted_datasets.created_by_username IS 'Username of the creator when it was deleted.';
COMMENT ON COLUMN deleted_datasets.created_at IS 'When it was asked for (UTC).';
COMMENT ON COLUMN deleted_datasets.started_at IS 'When its latest generation started (UTC).';
COMMENT ON COLUMN deleted_datasets.completed_at IS 'When it finished (UTC).';
COMMENT ON COLUMN deleted_datasets.size_bytes IS 'Total size of its published files when it was deleted.';
COMMENT ON COLUMN deleted_datasets.deleted_at IS 'When it was deleted (UTC).';

CREATE FUNCTION keep_deleted_dataset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deleted_datasets (dataset_id, tenant_id, tenant_name, project_id, project_name, schema_id, schema_name,
                                  dataset_name, status, record_count, types, attempts, error, created_by, created_by_username,
                                  created_at, started_at, completed_at, size_bytes)
    SELECT OLD.dataset_id, OLD.tenant_id, t.name, OLD.project_id, p.name, OLD.schema_id, s.name,
           OLD.name, OLD.status, OLD.record_count, OLD.types, OLD.attempts, OLD.error, OLD.created_by, u.username,
           OLD.created_at, OLD.started_at, OLD.completed_at,
           (SELECT coalesce(sum(f.size_bytes), 0) FROM dataset_files f WHERE f.dataset_id = OLD.dataset_id)
    FROM (SELECT 1) AS one
    LEFT JOIN tenants t ON t.tenant_id = OLD.tenant_id
    LEFT JOIN projects p ON p.project_id = OLD.project_id
    LEFT JOIN schemas s ON s.schema_id = OLD.schema_id
    LEFT JOIN users u ON u.user_id = OLD.created_by
    ON CONFLICT (dataset_id) DO NOTHING;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION keep_deleted_dataset() IS 'Copies a dataset into deleted_datasets before it is deleted.';
CREATE TRIGGER datasets_keep_deleted BEFORE DELETE ON datasets FOR EACH ROW EXECUTE FUNCTION keep_deleted_dataset();

DROP VIEW reporting.datasets;
CREATE VIEW reporting.datasets AS
SELECT d.dataset_id,
       d.tenant_id,
       t.name         AS tenant_name,
       d.project_id,
       p.name         AS project_name,
       d.schema_id,
       s.name         AS schema_name,
       d.name         AS dataset_name,
       d.status,
       d.record_count,
       d.types,
       d.attempts,
       d.error,
       d.created_by,
       u.username     AS created_by_username,
       d.created_at,
       d.started_at,
       d.completed_at,
       extract(epoch FROM d.completed_at - d.started_at) AS generation_seconds,
       (SELECT coalesce(sum(f.size_bytes), 0) FROM dataset_files f WHERE f.dataset_id = d.dataset_id) AS size_bytes,
       NULL::timestamptz AS deleted_at
FROM datasets d
JOIN tenants t ON t.tenant_id = d.tenant_id
JOIN projects p ON p.project_id = d.project_id
JOIN schemas s ON s.schema_id = d.schema_id
LEFT JOIN users u ON u.user_id = d.created_by
UNION ALL
SELECT x.dataset_id, x.tenant_id, x.tenant_name, x.project_id, x.project_name, x.schema_id, x.schema_name, x.dataset_name,
       x.status, x.record_count, x.types, x.attempts, x.error, x.created_by, x.created_by_username, x.created_at,
       x.started_at, x.completed_at, extract(epoch FROM x.completed_at - x.started_at), x.size_bytes, x.deleted_at
FROM deleted_datasets x;
COMMENT ON VIEW reporting.datasets IS 'One row per dataset, deleted ones included (deleted_at set), with tenant, project, schema and creator names, timing and total file size.';
COMMENT ON COLUMN reporting.datasets.dataset_id IS 'Key of the dataset.';
COMMENT ON COLUMN reporting.datasets.tenant_id IS 'Tenant that owns it.';
COMMENT ON COLUMN reporting.datasets.tenant_name IS 'Name of the tenant.';
COMMENT ON COLUMN reporting.datasets.project_id IS 'Project it belongs to.';
COMMENT ON COLUMN reporting.datasets.project_name IS 'Name of the project.';
COMMENT ON COLUMN reporting.datasets.schema_id IS 'Schema it follows.';
COMMENT ON COLUMN reporting.datasets.schema_name IS 'Name of the schema.';
COMMENT ON COLUMN reporting.datasets.dataset_name IS 'Name of the dataset.';
COMMENT ON COLUMN reporting.datasets.status IS 'queued, running, completed, failed or cancelled (for a deleted one: its status when deleted).';
COMMENT ON COLUMN reporting.datasets.record_count IS 'Records asked for.';
COMMENT ON COLUMN reporting.datasets.types IS 'Output formats.';
COMMENT ON COLUMN reporting.datasets.attempts IS 'How often a worker started it (more than 1 after a crash or re-run).';
COMMENT ON COLUMN reporting.datasets.error IS 'Why it failed, if it did.';
COMMENT ON COLUMN reporting.datasets.created_by IS 'User id of the creator.';
COMMENT ON COLUMN reporting.datasets.created_by_username IS 'Username of the creator.';
COMMENT ON COLUMN reporting.datasets.created_at IS 'When it was asked for (UTC).';
COMMENT ON COLUMN reporting.datasets.started_at IS 'When its latest generation started (UTC).';
COMMENT ON COLUMN reporting.datasets.completed_at IS 'When it finished (UTC).';
COMMENT ON COLUMN reporting.datasets.generation_seconds IS 'Seconds from start to finish of the latest generation.';
COMMENT ON COLUMN reporting.datasets.size_bytes IS 'Total size of its published files (when deleted, for a deleted one).';
COMMENT ON COLUMN reporting.datasets.deleted_at IS 'When it was deleted (UTC); null while it exists.';

CREATE TABLE reporting.audit_actions (
    action      text PRIMARY KEY,
    description text NOT NULL
);
COMMENT ON TABLE reporting.audit_actions IS 'Every action name the audit log uses, with what it means: join audit_trail.action to it.';
COMMENT ON COLUMN reporting.audit_actions.action IS 'The action name as audit_log.action writes it.';
COMMENT ON COLUMN reporting.audit_actions.description IS 'What happened when a row has this action.';
INSERT INTO reporting.audit_actions (action, description) VALUES
    ('user.login', 'A user logged in and got a token.'),
    ('user.login_failed', 'A login was refused (wrong password, unknown or inactive user, missing or wrong two-factor code).'),
    ('user.logout', 'A user logged out; the session''s token no longer works.'),
    ('user.created', 'A user was created (the first superuser at first start, or by an admin).'),
    ('user.invited', 'A user was created without a password and got an invitation to set one.'),
    ('user.password_set', 'An invited user set a password with the invitation token.'),
    ('user.updated', 'An admin changed a user''s name, e-mail or active flag.'),
    ('user.role_changed', 'An admin changed a user''s tenant role.'),
    ('user.deactivated', 'A user was deactivated; their sessions ended.'),
    ('user.deleted', 'A user deleted their account, or an admin deleted a user.'),
    ('user.password_changed', 'A user changed their password.'),
    ('user.password_check_failed', 'A settings change that needs the current password was refused for a wrong one.'),
    ('user.email_changed', 'A user changed their e-mail address.'),
    ('user.avatar_changed', 'A user uploaded or removed their avatar.'),
    ('user.2fa_setup_started', 'A user started enrolling an authenticator app.'),
    ('user.2fa_enabled', 'A user turned two-factor login on.'),
    ('user.2fa_disabled', 'A user turned two-factor login off.'),
    ('settings.updated', 'A user changed their own settings (name, theme).'),
    ('settings.notifications_updated', 'A user changed which events notify them, and how.'),
    ('notification.read', 'A user marked a notification read.'),
    ('notification.deleted', 'A user deleted a notification.'),
    ('tenant.created', 'A superuser created a tenant.'),
    ('tenant.updated', 'A tenant''s name, quota or retention changed.'),
    ('project.created', 'A project was created.'),
    ('project.updated', 'A project''s name, description or tags changed.'),
    ('project.deleted', 'A project was deleted with its datasets.'),
    ('project.member_added', 'A user was added to a project.'),
    ('project.member_removed', 'A user was removed from a project.'),
    ('project.member_role_changed', 'A project member''s role (view or edit) changed.'),
    ('project.schema_linked', 'A schema was linked to a project.'),
    ('project.schema_unlinked', 'A schema was unlinked from a project.'),
    ('schema.uploaded', 'A schema file was uploaded.'),
    ('schema.deleted', 'A schema was deleted.'),
    ('constraint_set.created', 'A constraint set was created.'),
    ('constraint_set.updated', 'A constraint set got new rules (a new version).'),
    ('constraint_set.deleted', 'A constraint set was deleted.'),
    ('dataset.created', 'A dataset was asked for and queued.'),
    ('dataset.requeued', 'A finished dataset was started again.'),
    ('dataset.completed', 'A dataset''s generation finished and its files were published.'),
    ('dataset.failed', 'A dataset''s generation failed.'),
    ('dataset.cancelled', 'A queued or running dataset was cancelled (before DELETE deleted in every state).'),
    ('dataset.deleted', 'A dataset was deleted with its files (a running generation is stopped).'),
    ('dataset.expired', 'The retention job deleted a finished dataset older than its tenant''s retention.'),
    ('dataset.exported', 'A dataset export to S3 was asked for.'),
    ('export.completed', 'A dataset export to S3 finished.'),
    ('export.failed', 'A dataset export to S3 failed.'),
    ('integration.created', 'An integration (S3 or webhook) was created.'),
    ('integration.updated', 'An integration was changed.'),
    ('integration.deleted', 'An integration was deleted.');
