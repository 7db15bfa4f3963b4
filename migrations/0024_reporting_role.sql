-- The read-only role tdmp_reporting: USAGE on schema reporting and SELECT on its views, nothing else.
-- Roles belong to the whole server, so it may exist already (another database of the same server);
-- it is NOLOGIN until an operator gives it a password (README: Reporting with SQL). Where the
-- migrating account may not create roles, the role is left out with a notice instead of failing start-up.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tdmp_reporting') THEN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            BEGIN
                CREATE ROLE tdmp_reporting NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created at the same moment by a migration of another database
            END;
        ELSE
            RAISE NOTICE 'Role tdmp_reporting not created: % may not create roles. Create it (NOLOGIN) and run the grants of 0024_reporting_role.sql by hand.', current_user;
        END IF;
    END IF;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tdmp_reporting') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO tdmp_reporting', current_database());
        GRANT USAGE ON SCHEMA reporting TO tdmp_reporting;
        GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO tdmp_reporting;
        -- Views the service adds to the schema later are readable too.
        ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO tdmp_reporting;
    END IF;
END
$$;
