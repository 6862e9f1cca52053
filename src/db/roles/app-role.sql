-- The role the server runs as on PostgreSQL in production: it reads and writes the tables but owns none,
-- so it can neither change nor remove audit records, nor switch off the trigger that guards them.
-- Run as the owner of the schema after `bin/caselink migrate`; replace the role name if you like.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'caselink_app') THEN
    CREATE ROLE caselink_app;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO caselink_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO caselink_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO caselink_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_record FROM caselink_app;
