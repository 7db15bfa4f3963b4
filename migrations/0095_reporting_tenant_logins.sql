-- Reporting per tenant: reporting.create_tenant_login(login, password, tenant_id), run by the database owner, creates a
-- PostgreSQL login that sees only that tenant's rows in every reporting view. tdmp_reporting (and the owner) still
-- see every tenant.
--
-- How: each reporting view with a tenant_id column moves to the schema reporting_all (no one but the owner may use it)
-- and reporting gets a security_barrier view of the same name that keeps the rows of the tenant mapped to the
-- *session* user in reporting_tenant_logins, or all rows when the session user is not mapped. session_user, not
-- current_user: a tenant login is a member of tdmp_reporting (it inherits its grants) and could SET ROLE to it, which
-- changes current_user but never session_user. security_barrier: a function the login writes cannot see filtered rows.
CREATE SCHEMA reporting_all;
COMMENT ON SCHEMA reporting_all IS 'The unfiltered reporting views; reporting holds views of the same names that keep one tenant''s rows for a tenant login (0095).';

CREATE TABLE reporting_tenant_logins (
    login     name   PRIMARY KEY,
    tenant_id bigint NOT NULL -- no foreign key: a deleted tenant's login must keep seeing nothing, never everything
);
COMMENT ON TABLE reporting_tenant_logins IS 'PostgreSQL logins made by reporting.create_tenant_login: each sees only its tenant''s rows in the reporting views.';
COMMENT ON COLUMN reporting_tenant_logins.login IS 'Name of the PostgreSQL login (compared with session_user).';
COMMENT ON COLUMN reporting_tenant_logins.tenant_id IS 'The only tenant whose rows the login sees.';

-- Wraps every reporting view that has a tenant_id column and is not wrapped yet. A later migration that adds or
-- replaces a reporting view with a tenant_id column ends with CALL scope_reporting_views_by_tenant(); (a test checks).
CREATE PROCEDURE scope_reporting_views_by_tenant()
LANGUAGE plpgsql AS $$
DECLARE
    view_name text;
    col record;
BEGIN
    FOR view_name IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'reporting' AND c.relkind = 'v'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
          AND pg_get_viewdef(c.oid) NOT LIKE '%reporting_tenant_logins%'
    LOOP
        EXECUTE format('DROP VIEW IF EXISTS reporting_all.%I', view_name);
        EXECUTE format('ALTER VIEW reporting.%I SET SCHEMA reporting_all', view_name);
        EXECUTE format('CREATE VIEW reporting.%I WITH (security_barrier) AS SELECT * FROM reporting_all.%I v'
            ' WHERE NOT EXISTS (SELECT 1 FROM reporting_tenant_logins l WHERE l.login = session_user)'
            '    OR v.tenant_id = (SELECT l.tenant_id FROM reporting_tenant_logins l WHERE l.login = session_user)',
            view_name, view_name);
        EXECUTE format('COMMENT ON VIEW reporting.%I IS %L', view_name,
            obj_description(format('reporting_all.%I', view_name)::regclass, 'pg_class'));
        FOR col IN
            SELECT a.attname, col_description(a.attrelid, a.attnum) AS description FROM pg_attribute a
            WHERE a.attrelid = format('reporting_all.%I', view_name)::regclass AND a.attnum > 0 AND NOT a.attisdropped
        LOOP
            EXECUTE format('COMMENT ON COLUMN reporting.%I.%I IS %L', view_name, col.attname, col.description);
        END LOOP;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tdmp_reporting') THEN
            EXECUTE format('REVOKE ALL ON reporting_all.%I FROM tdmp_reporting', view_name);
            EXECUTE format('GRANT SELECT ON reporting.%I TO tdmp_reporting', view_name);
        END IF;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE scope_reporting_views_by_tenant() IS 'Moves each unwrapped reporting view with a tenant_id to reporting_all and puts a tenant-filtering view in its place.';

CALL scope_reporting_views_by_tenant();

CREATE FUNCTION reporting.create_tenant_login(login text, password text, tenant_id bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = create_tenant_login.tenant_id) THEN
        RAISE EXCEPTION 'No tenant %', create_tenant_login.tenant_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tdmp_reporting') THEN
        RAISE EXCEPTION 'Role tdmp_reporting is missing: create it first (README: Reporting with SQL)';
    END IF;
    -- Mapped before the role can log in, so there is no moment in which it sees every tenant.
    INSERT INTO reporting_tenant_logins (login, tenant_id) VALUES (create_tenant_login.login, create_tenant_login.tenant_id);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE tdmp_reporting', login, password);
END
$$;
COMMENT ON FUNCTION reporting.create_tenant_login(text, text, bigint) IS 'Creates a PostgreSQL login that reads the reporting views but sees only the rows of one tenant. Run by the database owner (needs CREATEROLE).';
REVOKE ALL ON FUNCTION reporting.create_tenant_login(text, text, bigint) FROM PUBLIC;
