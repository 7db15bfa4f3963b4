-- The append-only audit trail: every state-changing request and every login attempt.
CREATE TABLE audit_log (
    audit_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    tenant_id   bigint REFERENCES tenants (tenant_id),
    actor_id    bigint REFERENCES users (user_id),
    actor_role  text,
    project_id  bigint,
    action      text NOT NULL,
    target_type text,
    target_id   text,
    client_ip   text,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant_time_idx ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_action_time_idx ON audit_log (action, occurred_at);
COMMENT ON TABLE audit_log IS 'Append-only trail of changes and logins; a trigger refuses UPDATE and DELETE.';
COMMENT ON COLUMN audit_log.audit_id IS 'Key of the audit row, in insertion order.';
COMMENT ON COLUMN audit_log.occurred_at IS 'When it happened (UTC).';
COMMENT ON COLUMN audit_log.tenant_id IS 'Tenant the action happened in; null for a failed login of an unknown user.';
COMMENT ON COLUMN audit_log.actor_id IS 'User who acted; null for anonymous requests such as a failed login.';
COMMENT ON COLUMN audit_log.actor_role IS 'Tenant role of the actor at that moment.';
COMMENT ON COLUMN audit_log.project_id IS 'Project the action concerned, when any.';
COMMENT ON COLUMN audit_log.action IS 'What happened, as area.verb: user.login, user.login_failed, project.created, ...';
COMMENT ON COLUMN audit_log.target_type IS 'Kind of object acted on: user, project, schema, dataset, ...';
COMMENT ON COLUMN audit_log.target_id IS 'Id (or, for failed logins, the attempted username) of the object acted on.';
COMMENT ON COLUMN audit_log.client_ip IS 'Client address of the request.';
COMMENT ON COLUMN audit_log.details IS 'Further facts as JSON: changed fields, old and new role, reason of a failure.';

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
