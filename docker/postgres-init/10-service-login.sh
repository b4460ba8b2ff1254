#!/bin/sh
# Runs once, when the postgres volume is created. The service logs in as opsledger_service:
# it owns nothing, bypasses no row-level security, and its only membership is opsledger_app
# (what the migrations grant table rights to), so SQL that reaches its connections cannot
# SET ROLE to the owner. The owner (POSTGRES_USER) is used by the migrate service only.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v service_password="$OPSLEDGER_SERVICE_PASSWORD" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opsledger_app') THEN
    CREATE ROLE opsledger_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
CREATE ROLE opsledger_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
  NOBYPASSRLS NOINHERIT PASSWORD :'service_password';
GRANT opsledger_app TO opsledger_service;
SQL
