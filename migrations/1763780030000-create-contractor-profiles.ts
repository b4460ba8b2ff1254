import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * Spec 001's contractor data: `contractor_profiles` (every column, `uei` unique, trigram GIN on
 * the name for typo-tolerant search, GIN on `business_types`, indexes on state, NAICS, CAGE,
 * city) and `contractors` (raw records, unique per source and source id). Reference data shared
 * by every tenant: anyone may read profiles; only the importer (system scope) writes. Additions
 * to the spec, recorded in docs/decisions.md: `contractors.contractor_profile_id` (the spec's
 * "aggregates" relation needs a link) and `portfolio_imports`, the progress of each import.
 */
export class CreateContractorProfiles1763780030000 implements MigrationInterface {
  name = 'CreateContractorProfiles1763780030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TABLE contractor_profiles (
      id                         uuid PRIMARY KEY,
      uei                        varchar(12),
      cage_code                  varchar(10),
      name                       varchar(500) NOT NULL,
      dba_name                   varchar(500),
      legal_business_name        varchar(500),
      address_line_1             varchar(255),
      address_line_2             varchar(255),
      city                       varchar(100),
      state                      varchar(2),
      zip_code                   varchar(10),
      country                    varchar(3) DEFAULT 'USA',
      congressional_district     varchar(10),
      business_start_date        date,
      fiscal_year_end_date       varchar(5),
      naics_code                 varchar(10),
      naics_description          text,
      entity_structure           varchar(100),
      organization_type          varchar(100),
      business_types             jsonb DEFAULT '[]'::jsonb CONSTRAINT ck_contractor_profiles_business_types CHECK (jsonb_typeof(business_types) = 'array'),
      employee_count             integer,
      annual_revenue             numeric(15, 2),
      total_contract_value       numeric(15, 2),
      active_contracts_count     integer DEFAULT 0,
      completed_contracts_count  integer DEFAULT 0,
      average_contract_value     numeric(15, 2),
      certifications             jsonb DEFAULT '{}'::jsonb CONSTRAINT ck_contractor_profiles_certifications CHECK (jsonb_typeof(certifications) = 'object'),
      performance_rating         numeric(3, 2),
      capabilities               text[],
      registration_date          date,
      registration_status        varchar(50),
      last_updated_date          timestamp,
      metadata                   jsonb DEFAULT '{}'::jsonb
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_profiles_uei ON contractor_profiles (uei)`);
    await q.query(
      `CREATE INDEX idx_profiles_name ON contractor_profiles USING gin (name gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX idx_profiles_state ON contractor_profiles (state)`);
    // varchar_pattern_ops serves both equality and the prefix search (`LIKE '5415%'`)
    await q.query(
      `CREATE INDEX idx_profiles_naics ON contractor_profiles (naics_code varchar_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX idx_profiles_business_types ON contractor_profiles USING gin (business_types)`,
    );
    await q.query(`CREATE INDEX idx_profiles_cage_code ON contractor_profiles (cage_code)`);
    await q.query(`CREATE INDEX idx_profiles_city ON contractor_profiles (city)`);
    await q.query(
      `CREATE INDEX idx_profiles_certifications ON contractor_profiles USING gin (certifications)`,
    );
    await q.query(
      `CREATE INDEX idx_profiles_state_naics ON contractor_profiles (state, naics_code varchar_pattern_ops)`,
    );

    await q.query(`CREATE TABLE contractors (
      id                     uuid PRIMARY KEY,
      source                 varchar(50) NOT NULL,
      source_id              varchar(255),
      data                   jsonb NOT NULL,
      imported_at            timestamp DEFAULT now(),
      updated_at             timestamp DEFAULT now(),
      contractor_profile_id  uuid REFERENCES contractor_profiles (id) ON DELETE SET NULL,
      CONSTRAINT uq_contractors_source_source_id UNIQUE (source, source_id)
    )`);
    await q.query(`CREATE INDEX idx_contractors_profile ON contractors (contractor_profile_id)`);
    // awards are summed per recipient after each import batch
    await q.query(
      `CREATE INDEX idx_contractors_award_recipient ON contractors ((data->>'recipient_uei')) WHERE source = 'usaspending-awards'`,
    );

    await q.query(`CREATE TABLE portfolio_imports (
      id            uuid PRIMARY KEY,
      source        varchar(30) NOT NULL CONSTRAINT ck_portfolio_imports_source CHECK (source IN ('sam-extract', 'sam-json', 'usaspending-awards')),
      file_name     varchar(255) NOT NULL,
      file_sha256   char(64) NOT NULL,
      status        varchar(12) NOT NULL CONSTRAINT ck_portfolio_imports_status CHECK (status IN ('running', 'completed', 'failed')),
      records_read  integer NOT NULL DEFAULT 0,
      inserted      integer NOT NULL DEFAULT 0,
      updated       integer NOT NULL DEFAULT 0,
      unchanged     integer NOT NULL DEFAULT 0,
      rejected      integer NOT NULL DEFAULT 0,
      rejections    jsonb NOT NULL DEFAULT '[]'::jsonb,
      started_by    uuid,
      started_at    timestamptz NOT NULL DEFAULT now(),
      finished_at   timestamptz,
      error         text,
      version       integer NOT NULL DEFAULT 0
    )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_portfolio_imports_unfinished ON portfolio_imports (source, file_sha256) WHERE status <> 'completed'`,
    );
    await q.query(
      `CREATE INDEX idx_portfolio_imports_started ON portfolio_imports (started_at DESC, id DESC)`,
    );

    for (const table of ['contractor_profiles', 'contractors', 'portfolio_imports']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_import ON ${table}
        USING (current_setting('app.scope', true) = 'system')
        WITH CHECK (current_setting('app.scope', true) = 'system')`);
    }
    // profiles are reference data every signed-in caller reads; import runs are for admins
    await q.query(
      `CREATE POLICY contractor_profiles_read ON contractor_profiles FOR SELECT USING (true)`,
    );
    await q.query(
      `CREATE POLICY portfolio_imports_read ON portfolio_imports FOR SELECT USING (app_is_privileged())`,
    );
    await grantToApp(q, 'contractor_profiles', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'contractors', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'portfolio_imports', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portfolio_imports`);
    await q.query(`DROP TABLE contractors`);
    await q.query(`DROP TABLE contractor_profiles`);
  }
}
