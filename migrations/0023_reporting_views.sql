-- Views for admins who report with SQL: the usual questions without joins by hand.
-- Only these views are readable by the role tdmp_reporting (0024); no view shows a hash or secret.
CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Read-only views for reporting with SQL; the role tdmp_reporting may read these and nothing else.';

CREATE VIEW reporting.projects_overview AS
SELECT p.project_id,
       p.tenant_id,
       t.name        AS tenant_name,
       p.name        AS project_name,
       p.description,
       p.tags,
       p.created_at,
       p.created_by,
       u.username    AS created_by_username,
       (SELECT count(*) FROM project_members m WHERE m.project_id = p.project_id)                     AS member_count,
       (SELECT count(*) FROM project_members m WHERE m.project_id = p.project_id AND m.role = 'edit') AS edit_member_count,
       (SELECT count(*) FROM project_schemas s WHERE s.project_id = p.project_id)                     AS schema_count
FROM projects p
JOIN tenants t ON t.tenant_id = p.tenant_id
LEFT JOIN users u ON u.user_id = p.created_by;
COMMENT ON VIEW reporting.projects_overview IS 'One row per project with tenant, creator and counts of members and linked schemas. Dataset counts come with the datasets table, as a column appended by its migration.';
COMMENT ON COLUMN reporting.projects_overview.project_id IS 'Key of the project.';
COMMENT ON COLUMN reporting.projects_overview.tenant_id IS 'Tenant that owns the project.';
COMMENT ON COLUMN reporting.projects_overview.tenant_name IS 'Name of that tenant.';
COMMENT ON COLUMN reporting.projects_overview.project_name IS 'Name of the project.';
COMMENT ON COLUMN reporting.projects_overview.description IS 'Description of the project.';
COMMENT ON COLUMN reporting.projects_overview.tags IS 'Tags of the project.';
COMMENT ON COLUMN reporting.projects_overview.created_at IS 'When the project was created (UTC).';
COMMENT ON COLUMN reporting.projects_overview.created_by IS 'User id of the creator.';
COMMENT ON COLUMN reporting.projects_overview.created_by_username IS 'Username of the creator.';
COMMENT ON COLUMN reporting.projects_overview.member_count IS 'Number of members (view and edit).';
COMMENT ON COLUMN reporting.projects_overview.edit_member_count IS 'Number of members with the edit role.';
COMMENT ON COLUMN reporting.projects_overview.schema_count IS 'Number of schemas linked to the project.';

CREATE VIEW reporting.project_members AS
SELECT p.project_id,
       p.tenant_id,
       p.name     AS project_name,
       m.user_id,
       u.username,
       u.role     AS tenant_role,
       m.role     AS member_role,
       m.added_at
FROM project_members m
JOIN projects p ON p.project_id = m.project_id
JOIN users u ON u.user_id = m.user_id;
COMMENT ON VIEW reporting.project_members IS 'One row per project membership, with names.';
COMMENT ON COLUMN reporting.project_members.project_id IS 'Key of the project.';
COMMENT ON COLUMN reporting.project_members.tenant_id IS 'Tenant of the project and the member.';
COMMENT ON COLUMN reporting.project_members.project_name IS 'Name of the project.';
COMMENT ON COLUMN reporting.project_members.user_id IS 'Key of the member.';
COMMENT ON COLUMN reporting.project_members.username IS 'Username of the member.';
COMMENT ON COLUMN reporting.project_members.tenant_role IS 'Tenant role of the member: tester, manager, admin, superuser.';
COMMENT ON COLUMN reporting.project_members.member_role IS 'Project role: view or edit.';
COMMENT ON COLUMN reporting.project_members.added_at IS 'When the member was added or its role last changed (UTC).';

CREATE VIEW reporting.users AS
SELECT u.user_id,
       u.tenant_id,
       t.name                       AS tenant_name,
       u.username,
       u.email,
       u.full_name,
       u.role,
       u.is_active,
       u.password_hash IS NOT NULL  AS has_password,
       u.created_at,
       (SELECT max(a.occurred_at) FROM audit_log a WHERE a.actor_id = u.user_id AND a.action = 'user.login') AS last_login_at,
       (SELECT count(*) FROM project_members m WHERE m.user_id = u.user_id)                                  AS project_count
FROM users u
JOIN tenants t ON t.tenant_id = u.tenant_id;
COMMENT ON VIEW reporting.users IS 'One row per user without password hashes or other secrets.';
COMMENT ON COLUMN reporting.users.user_id IS 'Key of the user.';
COMMENT ON COLUMN reporting.users.tenant_id IS 'Tenant of the user.';
COMMENT ON COLUMN reporting.users.tenant_name IS 'Name of that tenant.';
COMMENT ON COLUMN reporting.users.username IS 'Login name.';
COMMENT ON COLUMN reporting.users.email IS 'Contact address.';
COMMENT ON COLUMN reporting.users.full_name IS 'Display name.';
COMMENT ON COLUMN reporting.users.role IS 'Tenant role: tester, manager, admin or superuser.';
COMMENT ON COLUMN reporting.users.is_active IS 'False once deactivated or deleted.';
COMMENT ON COLUMN reporting.users.has_password IS 'False for an invited user who has not set a password yet.';
COMMENT ON COLUMN reporting.users.created_at IS 'When the user was created (UTC).';
COMMENT ON COLUMN reporting.users.last_login_at IS 'Time of the last successful login (UTC), null if never.';
COMMENT ON COLUMN reporting.users.project_count IS 'Number of projects the user is a member of.';

CREATE VIEW reporting.activity_per_user_per_day AS
SELECT (a.occurred_at AT TIME ZONE 'UTC')::date AS day,
       a.tenant_id,
       t.name                                   AS tenant_name,
       a.actor_id                               AS user_id,
       u.username,
       a.action,
       count(*)                                 AS action_count
FROM audit_log a
JOIN users u ON u.user_id = a.actor_id
LEFT JOIN tenants t ON t.tenant_id = a.tenant_id
GROUP BY 1, a.tenant_id, t.name, a.actor_id, u.username, a.action;
COMMENT ON VIEW reporting.activity_per_user_per_day IS 'From the audit log: how often each user did each action per UTC day (sum action_count for a total).';
COMMENT ON COLUMN reporting.activity_per_user_per_day.day IS 'The day in UTC.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.tenant_id IS 'Tenant the actions happened in.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.tenant_name IS 'Name of that tenant.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.user_id IS 'The acting user.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.username IS 'Username of the acting user.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.action IS 'The audited action, e.g. user.login, project.created.';
COMMENT ON COLUMN reporting.activity_per_user_per_day.action_count IS 'How many times the user did it that day.';

CREATE VIEW reporting.logins_per_day AS
SELECT (a.occurred_at AT TIME ZONE 'UTC')::date                           AS day,
       a.tenant_id,
       t.name                                                             AS tenant_name,
       count(*) FILTER (WHERE a.action = 'user.login')                    AS successful_logins,
       count(*) FILTER (WHERE a.action = 'user.login_failed')             AS failed_logins,
       count(DISTINCT a.actor_id) FILTER (WHERE a.action = 'user.login')  AS distinct_users
FROM audit_log a
LEFT JOIN tenants t ON t.tenant_id = a.tenant_id
WHERE a.action IN ('user.login', 'user.login_failed')
GROUP BY 1, a.tenant_id, t.name;
COMMENT ON VIEW reporting.logins_per_day IS 'Successful and failed logins per UTC day and tenant; failed logins of unknown usernames have no tenant.';
COMMENT ON COLUMN reporting.logins_per_day.day IS 'The day in UTC.';
COMMENT ON COLUMN reporting.logins_per_day.tenant_id IS 'Tenant of the user; null for unknown usernames.';
COMMENT ON COLUMN reporting.logins_per_day.tenant_name IS 'Name of that tenant.';
COMMENT ON COLUMN reporting.logins_per_day.successful_logins IS 'Number of successful logins.';
COMMENT ON COLUMN reporting.logins_per_day.failed_logins IS 'Number of refused logins.';
COMMENT ON COLUMN reporting.logins_per_day.distinct_users IS 'Number of different users who logged in.';

CREATE VIEW reporting.audit_trail AS
SELECT a.audit_id,
       a.occurred_at,
       a.tenant_id,
       t.name       AS tenant_name,
       a.actor_id,
       u.username   AS actor_username,
       a.actor_role,
       a.project_id,
       p.name       AS project_name,
       a.action,
       a.target_type,
       a.target_id,
       a.client_ip,
       a.details
FROM audit_log a
LEFT JOIN tenants t ON t.tenant_id = a.tenant_id
LEFT JOIN users u ON u.user_id = a.actor_id
LEFT JOIN projects p ON p.project_id = a.project_id;
COMMENT ON VIEW reporting.audit_trail IS 'The audit log with tenant, actor and project names (project_name is null once the project is deleted).';
COMMENT ON COLUMN reporting.audit_trail.audit_id IS 'Key of the audit row, in insertion order.';
COMMENT ON COLUMN reporting.audit_trail.occurred_at IS 'When it happened (UTC).';
COMMENT ON COLUMN reporting.audit_trail.tenant_id IS 'Tenant the action happened in.';
COMMENT ON COLUMN reporting.audit_trail.tenant_name IS 'Name of that tenant.';
COMMENT ON COLUMN reporting.audit_trail.actor_id IS 'User who acted; null for anonymous requests.';
COMMENT ON COLUMN reporting.audit_trail.actor_username IS 'Username of the actor.';
COMMENT ON COLUMN reporting.audit_trail.actor_role IS 'Tenant role of the actor at that moment.';
COMMENT ON COLUMN reporting.audit_trail.project_id IS 'Project the action concerned, when any.';
COMMENT ON COLUMN reporting.audit_trail.project_name IS 'Current name of that project.';
COMMENT ON COLUMN reporting.audit_trail.action IS 'What happened, as area.verb.';
COMMENT ON COLUMN reporting.audit_trail.target_type IS 'Kind of object acted on.';
COMMENT ON COLUMN reporting.audit_trail.target_id IS 'Id of the object acted on.';
COMMENT ON COLUMN reporting.audit_trail.client_ip IS 'Client address of the request.';
COMMENT ON COLUMN reporting.audit_trail.details IS 'Further facts as JSON.';
