-- Reporting on datasets: counts per project, and one row per dataset with its names resolved.
CREATE OR REPLACE VIEW reporting.projects_overview AS
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
       (SELECT count(*) FROM project_schemas s WHERE s.project_id = p.project_id)                     AS schema_count,
       (SELECT count(*) FROM datasets d WHERE d.project_id = p.project_id)                            AS dataset_count,
       (SELECT coalesce(sum(d.record_count), 0) FROM datasets d
         WHERE d.project_id = p.project_id AND d.status = 'completed')                                AS records_generated
FROM projects p
JOIN tenants t ON t.tenant_id = p.tenant_id
LEFT JOIN users u ON u.user_id = p.created_by;
COMMENT ON VIEW reporting.projects_overview IS 'One row per project with tenant, creator and counts of members, linked schemas and datasets.';
COMMENT ON COLUMN reporting.projects_overview.dataset_count IS 'Number of datasets of the project, whatever their status.';
COMMENT ON COLUMN reporting.projects_overview.records_generated IS 'Records in the project''s completed datasets.';

CREATE VIEW reporting.datasets AS
SELECT d.dataset_id,
       d.tenant_id,
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
       (SELECT coalesce(sum(f.size_bytes), 0) FROM dataset_files f WHERE f.dataset_id = d.dataset_id) AS size_bytes
FROM datasets d
JOIN projects p ON p.project_id = d.project_id
JOIN schemas s ON s.schema_id = d.schema_id
LEFT JOIN users u ON u.user_id = d.created_by;
COMMENT ON VIEW reporting.datasets IS 'One row per dataset with project, schema and creator names, timing and total file size.';
COMMENT ON COLUMN reporting.datasets.dataset_id IS 'Key of the dataset.';
COMMENT ON COLUMN reporting.datasets.tenant_id IS 'Tenant that owns it.';
COMMENT ON COLUMN reporting.datasets.project_id IS 'Project it belongs to.';
COMMENT ON COLUMN reporting.datasets.project_name IS 'Name of the project.';
COMMENT ON COLUMN reporting.datasets.schema_id IS 'Schema it follows.';
COMMENT ON COLUMN reporting.datasets.schema_name IS 'Name of the schema.';
COMMENT ON COLUMN reporting.datasets.dataset_name IS 'Name of the dataset.';
COMMENT ON COLUMN reporting.datasets.status IS 'queued, running, completed, failed or cancelled.';
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
COMMENT ON COLUMN reporting.datasets.size_bytes IS 'Total size of its published files.';
