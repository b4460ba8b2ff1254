import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

const TENANT_TABLES = [
  'contractor',
  'business_profile',
  'license',
  'insurance_policy',
  'bank_account',
  'contractor_achievement',
  'onboarding_progress',
];

/**
 * Spec 000 (contractor onboarding and compliance) as the `onboarding` context: every table,
 * column, default, CHECK, unique and named index of the spec, with the unifications of
 * spec/README.md and these additions (docs/decisions.md, issue 13):
 * - `tenant_id` on every business table, row-level security like the other contexts;
 * - `contractor.auth0_user_id` becomes `contractor.user_id` (the one users table; the Auth0
 *   subject is an external identity of that user), unique per tenant;
 * - `version` on aggregate rows (expected-version checks), `submitted_at`/`verified_at` on the
 *   contractor (time to verification), the spec's status comments as CHECKs;
 * - `business_profile.tax_id` holds only ciphertext (`v1.<kid>.<data>`, AES-256-GCM, AAD =
 *   tenant + contractor); `tax_id_last4` serves the masked display without decrypting;
 * - `bank_account`: last4 only (a CHECK refuses anything but four digits), and what
 *   micro-deposit verification needs: a keyed hash of the two amounts, the attempts count and
 *   `micro_deposit_locked_until`;
 * - licenses and policies remember when they expired and when their coming expiry was
 *   announced (`expiry_notice_for`: the expiration date announced, so a renewed date is
 *   announced again);
 * - `achievement` holds the seeded definitions (reference data shared by every tenant), with
 *   the `max_progress` a contractor's row starts from.
 * The spec's `audit_log` is not a table here: it is served from the ledger's audit trail.
 */
export class CreateOnboarding1763780020000 implements MigrationInterface {
  name = 'CreateOnboarding1763780020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TABLE contractor (
      id            uuid PRIMARY KEY,
      tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      status        text NOT NULL DEFAULT 'pending' CONSTRAINT ck_contractor_status CHECK (status IN ('pending', 'in_review', 'verified', 'rejected')),
      submitted_at  timestamptz,
      verified_at   timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      version       integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_contractor_tenant_user UNIQUE (tenant_id, user_id)
    )`);
    await q.query(`CREATE INDEX idx_contractor_tenant_status ON contractor (tenant_id, status)`);
    await q.query(`CREATE INDEX idx_contractor_user ON contractor (user_id)`);

    await q.query(`CREATE TABLE business_profile (
      contractor_id  uuid PRIMARY KEY REFERENCES contractor (id) ON DELETE CASCADE,
      tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      legal_name     text NOT NULL,
      dba_name       text,
      tax_id         text CONSTRAINT ck_business_profile_tax_id_sealed CHECK (tax_id IS NULL OR tax_id LIKE 'v1.%'),
      tax_id_last4   text CONSTRAINT ck_business_profile_tax_id_last4 CHECK (tax_id_last4 ~ '^[0-9]{4}$'),
      phone          text,
      email          text,
      website        text,
      address_line1  text,
      address_line2  text,
      city           text,
      state          text,
      postal_code    text,
      country        text DEFAULT 'US',
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      version        integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_business_profile_tax_id_pair CHECK ((tax_id IS NULL) = (tax_id_last4 IS NULL))
    )`);
    await q.query(
      `CREATE INDEX idx_business_profile_legal_name ON business_profile USING gin (legal_name gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX idx_business_profile_state ON business_profile (tenant_id, state)`);

    await q.query(`CREATE TABLE license (
      id                 uuid PRIMARY KEY,
      tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contractor_id      uuid NOT NULL REFERENCES contractor (id) ON DELETE CASCADE,
      state              text NOT NULL,
      license_number     text NOT NULL,
      license_type       text,
      expiration_date    date,
      status             text NOT NULL DEFAULT 'unverified' CONSTRAINT ck_license_status CHECK (status IN ('unverified', 'verified', 'expired')),
      verified_at        timestamptz,
      expired_at         timestamptz,
      expiry_notice_for  date,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      version            integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_license_contractor_state_number UNIQUE (contractor_id, state, license_number)
    )`);
    await q.query(`CREATE INDEX idx_license_contractor ON license (contractor_id)`);
    await q.query(
      `CREATE INDEX idx_license_expiration ON license (expiration_date) WHERE status <> 'expired'`,
    );

    await q.query(`CREATE TYPE insurance_coverage AS ENUM ('gl', 'wc', 'auto', 'umbrella')`);
    await q.query(`CREATE TABLE insurance_policy (
      id                   uuid PRIMARY KEY,
      tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contractor_id        uuid NOT NULL REFERENCES contractor (id) ON DELETE CASCADE,
      provider             text NOT NULL CONSTRAINT ck_insurance_policy_provider CHECK (provider IN ('trustlayer', 'veriforce', 'manual')),
      policy_number        text NOT NULL,
      coverage_types       insurance_coverage[] NOT NULL CONSTRAINT ck_insurance_policy_coverage CHECK (cardinality(coverage_types) > 0),
      expiration_date      date NOT NULL,
      verification_status  text NOT NULL DEFAULT 'pending' CONSTRAINT ck_insurance_policy_verification_status CHECK (verification_status IN ('pending', 'verified', 'failed')),
      additional_insured   boolean DEFAULT false,
      last_checked_at      timestamptz,
      expired_at           timestamptz,
      expiry_notice_for    date,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      version              integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_policy_contractor ON insurance_policy (contractor_id)`);
    await q.query(
      `CREATE INDEX idx_policy_expiration ON insurance_policy (expiration_date) WHERE expired_at IS NULL`,
    );

    await q.query(`CREATE TABLE bank_account (
      id                          uuid PRIMARY KEY,
      tenant_id                   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contractor_id               uuid NOT NULL REFERENCES contractor (id) ON DELETE CASCADE,
      account_type                text NOT NULL CHECK (account_type IN ('checking','savings')),
      plaid_item_id               text,
      plaid_account_id            text,
      last4                       text CONSTRAINT ck_bank_account_last4 CHECK (last4 ~ '^[0-9]{4}$'),
      verification_method         text NOT NULL CHECK (verification_method IN ('micro-deposit','instant','manual')),
      verification_status         text NOT NULL CHECK (verification_status IN ('pending','verified','failed')),
      verification_date           timestamptz,
      micro_deposit_hash          text,
      micro_deposit_sent_at       timestamptz,
      micro_deposit_attempts      integer NOT NULL DEFAULT 0 CONSTRAINT ck_bank_account_attempts CHECK (micro_deposit_attempts >= 0),
      micro_deposit_locked_until  timestamptz,
      created_at                  timestamptz NOT NULL DEFAULT now(),
      updated_at                  timestamptz NOT NULL DEFAULT now(),
      version                     integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_bank_contractor ON bank_account (contractor_id)`);

    await q.query(`CREATE TABLE achievement (
      id            uuid PRIMARY KEY,
      key           text UNIQUE NOT NULL,
      title         text NOT NULL,
      description   text NOT NULL,
      category      text NOT NULL CHECK (category IN ('completion','quality','speed','referral')),
      max_progress  integer NOT NULL DEFAULT 1 CONSTRAINT ck_achievement_max_progress CHECK (max_progress > 0)
    )`);
    await q.query(`INSERT INTO achievement (id, key, title, description, category, max_progress) VALUES
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000001', 'onboarding-complete', 'Ready to work', 'Completed every onboarding step and was verified', 'completion', 1),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000002', 'profile-complete', 'Known business', 'Completed the business profile', 'completion', 1),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000003', 'fully-insured', 'Fully insured', 'Had insurance policies verified for all four coverage types', 'quality', 4),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000004', 'first-time-right', 'First time right', 'Was verified without ever being rejected', 'quality', 1),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000005', 'fast-track', 'Fast track', 'Was verified within 7 days of signing up', 'speed', 1),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000006', 'referrer', 'Referrer', 'Referred three contractors who signed up', 'referral', 3)`);
    // Reference data: the application reads it; only migrations write it.
    await grantToApp(q, 'achievement', 'SELECT');

    await q.query(`CREATE TABLE contractor_achievement (
      contractor_id   uuid NOT NULL REFERENCES contractor (id) ON DELETE CASCADE,
      achievement_id  uuid NOT NULL REFERENCES achievement (id) ON DELETE CASCADE,
      tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      progress        integer NOT NULL DEFAULT 0,
      max_progress    integer NOT NULL DEFAULT 1,
      unlocked_at     timestamptz,
      PRIMARY KEY (contractor_id, achievement_id),
      CONSTRAINT ck_contractor_achievement_progress CHECK (progress >= 0 AND progress <= max_progress)
    )`);

    await q.query(`CREATE TABLE onboarding_progress (
      contractor_id      uuid PRIMARY KEY REFERENCES contractor (id) ON DELETE CASCADE,
      tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      current_step       integer NOT NULL DEFAULT 1 CONSTRAINT ck_onboarding_progress_step CHECK (current_step BETWEEN 1 AND 6),
      completed_steps    integer[] NOT NULL DEFAULT '{}',
      validation_errors  jsonb,
      updated_at         timestamptz NOT NULL DEFAULT now(),
      version            integer NOT NULL DEFAULT 0
    )`);

    for (const table of [
      'contractor',
      'business_profile',
      'license',
      'insurance_policy',
      'bank_account',
      'onboarding_progress',
    ])
      await touchUpdatedAt(q, table);
    for (const table of TENANT_TABLES) {
      await enableTenantRls(q, table);
      await grantToApp(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP TABLE achievement`);
    await q.query(`DROP TYPE insurance_coverage`);
  }
}
