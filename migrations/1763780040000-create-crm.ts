import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, grantToApp, touchUpdatedAt } from './migration-helpers';

const SYSTEM = `current_setting('app.scope', true) = 'system'`;
const OWN_OR_SYSTEM = `(${SYSTEM} OR user_id = current_user_id())`;

/**
 * Spec 002 (Doughy AI) as the `crm` context: the six enums, leads, re_properties,
 * re_documents, re_lead_documents, re_property_documents, deals, deal_events, ai_jobs and
 * system_logs with the spec's columns, CHECKs and every named index.
 *
 * Additions (docs/decisions.md, issue 15): the tenant column (`leads.workspace_id`, the spec's
 * own name for it, `tenant_id` elsewhere), the aggregate `version`, `deleted_at` (retention of
 * soft-deleted rows), the queue columns libs/jobs needs on ai_jobs (lease, heartbeat, backoff,
 * cancel, owner), `deal_events.source_event_id` (the ledger event a timeline row projects, so a
 * rebuild is idempotent).
 *
 * Deviations, each forced by the platform:
 * - The live-lead unique indexes are per workspace, `(workspace_id, LOWER(email))` and
 *   `(workspace_id, phone)`: a global one would reveal another tenant's leads by a 409.
 * - `year_built <= current year + 5` cannot be a CHECK (now() is not immutable): the CHECK
 *   holds the fixed lower bound, a trigger the moving upper bound and raises check_violation
 *   under the same constraint name.
 * - `idx_system_logs_recent` cannot use NOW() in its predicate (not immutable): it is created
 *   with a literal cutoff, midnight UTC seven days before the migration ran; the reader passes its cutoff
 *   as a literal too, which PostgreSQL proves implies the index predicate.
 *
 * Row-level security: a RESTRICTIVE tenant policy on every tenant-owned table, ANDed with the
 * spec's permissive ownership policies (owners see and change their own rows, admins see all,
 * child tables by ownership of the parent). system_logs is admin-only to read and written in
 * system scope only.
 */
export class CreateCrm1763780040000 implements MigrationInterface {
  name = 'CreateCrm1763780040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE lead_status AS ENUM ('new', 'active', 'qualified', 'unqualified', 'closed')`,
    );
    await q.query(`CREATE TYPE opt_status AS ENUM ('opted_in', 'opted_out', 'pending')`);
    await q.query(`CREATE TYPE deal_status AS ENUM ('active', 'won', 'lost', 'archived')`);
    await q.query(`CREATE TYPE document_type AS ENUM (
      'inspection', 'appraisal', 'title_search', 'survey', 'photo', 'comp',
      'offer', 'counter_offer', 'purchase_agreement', 'addendum',
      'closing_statement', 'hud1', 'deed', 'contract',
      'receipt', 'other')`);
    await q.query(
      `CREATE TYPE lead_document_type AS ENUM ('id', 'tax_return', 'bank_statement', 'w9', 'death_cert', 'poa', 'other')`,
    );
    await q.query(
      `CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled')`,
    );

    await q.query(`CREATE TABLE leads (
      id            uuid PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      workspace_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name          text NOT NULL,
      phone         text,
      email         text,
      company       text,
      status        lead_status NOT NULL DEFAULT 'new',
      score         integer CONSTRAINT ck_leads_score CHECK (score BETWEEN 0 AND 100),
      tags          text[] NOT NULL DEFAULT '{}',
      opt_status    opt_status DEFAULT 'pending',
      is_deleted    boolean NOT NULL DEFAULT false,
      deleted_at    timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      version       integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_leads_deleted_at CHECK (is_deleted = (deleted_at IS NOT NULL))
    )`);
    for (const sql of [
      `CREATE INDEX idx_leads_user_id ON leads (user_id)`,
      `CREATE INDEX idx_leads_workspace_id ON leads (workspace_id)`,
      `CREATE INDEX idx_leads_status ON leads (status)`,
      `CREATE INDEX idx_leads_email ON leads (email)`,
      `CREATE INDEX idx_leads_phone ON leads (phone)`,
      `CREATE INDEX idx_leads_user_status ON leads (user_id, status)`,
      `CREATE INDEX idx_leads_user_created ON leads (user_id, created_at DESC)`,
      `CREATE INDEX idx_leads_active ON leads (user_id, created_at DESC) WHERE status IN ('active', 'qualified') AND is_deleted = FALSE`,
      `CREATE INDEX idx_leads_tags_gin ON leads USING GIN (tags)`,
      `CREATE INDEX idx_leads_email_lower ON leads (LOWER(email))`,
      `CREATE INDEX idx_leads_name_lower ON leads (LOWER(name))`,
      `CREATE UNIQUE INDEX idx_leads_email_unique ON leads (workspace_id, LOWER(email)) WHERE email IS NOT NULL AND is_deleted = FALSE`,
      `CREATE UNIQUE INDEX idx_leads_phone_unique ON leads (workspace_id, phone) WHERE phone IS NOT NULL AND is_deleted = FALSE`,
      `CREATE INDEX idx_leads_user_status_covering ON leads (user_id, status) INCLUDE (name, email, phone, score, created_at)`,
    ])
      await q.query(sql);

    await q.query(`CREATE TABLE re_properties (
      id              uuid PRIMARY KEY,
      user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      address_line_1  text NOT NULL,
      address_line_2  text,
      city            text NOT NULL,
      state           text NOT NULL,
      zip             text NOT NULL,
      bedrooms        integer CONSTRAINT ck_re_properties_bedrooms CHECK (bedrooms >= 0),
      bathrooms       numeric(3,1) CONSTRAINT ck_re_properties_bathrooms CHECK (bathrooms >= 0),
      square_feet     integer CONSTRAINT ck_re_properties_square_feet CHECK (square_feet > 0),
      lot_size        integer CONSTRAINT ck_re_properties_lot_size CHECK (lot_size > 0),
      year_built      integer CONSTRAINT ck_re_properties_year_built CHECK (year_built >= 1800),
      purchase_price  numeric(12,2),
      arv             numeric(12,2),
      status          text DEFAULT 'active',
      property_type   text,
      mls_id          text,
      notes           text,
      is_deleted      boolean NOT NULL DEFAULT false,
      deleted_at      timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      version         integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_re_properties_deleted_at CHECK (is_deleted = (deleted_at IS NOT NULL))
    )`);
    // The moving upper bound of year_built: raised as the CHECK's own violation.
    await q.query(`CREATE FUNCTION re_properties_check_year_built() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.year_built IS NOT NULL AND NEW.year_built > EXTRACT(YEAR FROM now())::int + 5 THEN
          RAISE EXCEPTION 'year_built % is after next year + 5', NEW.year_built
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_re_properties_year_built',
                  TABLE = 're_properties', COLUMN = 'year_built';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER re_properties_year_built BEFORE INSERT OR UPDATE OF year_built ON re_properties
      FOR EACH ROW EXECUTE FUNCTION re_properties_check_year_built()`);
    for (const sql of [
      `CREATE INDEX idx_re_properties_user_id ON re_properties (user_id)`,
      `CREATE INDEX idx_re_properties_status ON re_properties (status)`,
      `CREATE INDEX idx_re_properties_city_state ON re_properties (city, state)`,
      `CREATE INDEX idx_re_properties_zip ON re_properties (zip)`,
      `CREATE INDEX idx_re_properties_location ON re_properties (city, state, zip)`,
      `CREATE INDEX idx_re_properties_user_status ON re_properties (user_id, status)`,
      `CREATE INDEX idx_re_properties_active ON re_properties (user_id, created_at DESC) WHERE status = 'active'`,
    ])
      await q.query(sql);

    await q.query(`CREATE TABLE deals (
      id                   uuid PRIMARY KEY,
      user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      lead_id              uuid REFERENCES leads (id) ON DELETE SET NULL,
      property_id          uuid REFERENCES re_properties (id) ON DELETE SET NULL,
      status               deal_status NOT NULL DEFAULT 'active',
      stage                text NOT NULL,
      title                text NOT NULL,
      estimated_value      numeric(12,2),
      probability          integer CONSTRAINT ck_deals_probability CHECK (probability >= 0 AND probability <= 100),
      expected_close_date  date,
      next_action          text,
      next_action_due      timestamptz,
      notes                text,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      version              integer NOT NULL DEFAULT 0
    )`);
    for (const sql of [
      `CREATE INDEX idx_deals_user_id ON deals (user_id)`,
      `CREATE INDEX idx_deals_status ON deals (status)`,
      `CREATE INDEX idx_deals_stage ON deals (stage)`,
      `CREATE INDEX idx_deals_next_action_due ON deals (next_action_due) WHERE next_action_due IS NOT NULL`,
      `CREATE INDEX idx_deals_lead_id ON deals (lead_id) WHERE lead_id IS NOT NULL`,
      `CREATE INDEX idx_deals_property_id ON deals (property_id) WHERE property_id IS NOT NULL`,
      `CREATE INDEX idx_deals_user_status ON deals (user_id, status)`,
      `CREATE INDEX idx_deals_user_stage ON deals (user_id, stage)`,
      `CREATE INDEX idx_deals_user_created ON deals (user_id, created_at DESC)`,
      `CREATE INDEX idx_deals_active_next_action ON deals (user_id, next_action_due) WHERE status = 'active' AND next_action_due IS NOT NULL`,
      `CREATE UNIQUE INDEX idx_deals_property_active_unique ON deals (property_id) WHERE status = 'active' AND property_id IS NOT NULL`,
      `CREATE INDEX idx_deals_user_status_covering ON deals (user_id, status) INCLUDE (title, estimated_value, next_action_due, created_at)`,
    ])
      await q.query(sql);

    await q.query(`CREATE TABLE re_documents (
      id            uuid PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      property_id   uuid REFERENCES re_properties (id) ON DELETE SET NULL,
      deal_id       uuid REFERENCES deals (id) ON DELETE SET NULL,
      title         text NOT NULL,
      type          document_type NOT NULL,
      file_url      text NOT NULL,
      file_size     integer CONSTRAINT ck_re_documents_file_size CHECK (file_size > 0),
      content_type  varchar(100),
      uploaded_by   uuid REFERENCES users (id) ON DELETE SET NULL,
      metadata      jsonb,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of [
      `CREATE INDEX idx_re_documents_user_id ON re_documents (user_id)`,
      `CREATE INDEX idx_re_documents_property_id ON re_documents (property_id)`,
      `CREATE INDEX idx_re_documents_deal_id ON re_documents (deal_id)`,
      `CREATE INDEX idx_re_documents_type ON re_documents (type)`,
      `CREATE INDEX idx_re_documents_created_at ON re_documents (created_at DESC)`,
      `CREATE INDEX idx_re_documents_user_type ON re_documents (user_id, type)`,
      `CREATE INDEX idx_re_documents_property_created ON re_documents (property_id, created_at DESC) WHERE property_id IS NOT NULL`,
      `CREATE INDEX idx_re_documents_metadata_gin ON re_documents USING GIN (metadata)`,
    ])
      await q.query(sql);

    await q.query(`CREATE TABLE re_lead_documents (
      id          uuid PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      lead_id     uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      title       text NOT NULL,
      type        lead_document_type NOT NULL,
      file_url    text NOT NULL,
      file_size   integer CONSTRAINT ck_re_lead_documents_file_size CHECK (file_size > 0),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_lead_documents_lead_id ON re_lead_documents (lead_id)`);
    await q.query(`CREATE INDEX idx_lead_documents_type ON re_lead_documents (type)`);

    await q.query(`CREATE TABLE re_property_documents (
      property_id  uuid NOT NULL REFERENCES re_properties (id) ON DELETE CASCADE,
      document_id  uuid NOT NULL REFERENCES re_documents (id) ON DELETE CASCADE,
      tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      is_primary   boolean NOT NULL DEFAULT false,
      created_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (property_id, document_id)
    )`);
    await q.query(
      `CREATE INDEX idx_property_documents_property ON re_property_documents (property_id)`,
    );
    await q.query(
      `CREATE INDEX idx_property_documents_document ON re_property_documents (document_id)`,
    );
    // "One primary": a document shared by a package deal is the primary one of one property.
    await q.query(
      `CREATE UNIQUE INDEX uq_property_documents_primary ON re_property_documents (document_id) WHERE is_primary`,
    );

    await q.query(`CREATE TABLE deal_events (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      deal_id          uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
      event_type       text NOT NULL,
      description      text,
      metadata         jsonb,
      created_at       timestamptz NOT NULL DEFAULT now(),
      created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
      source_event_id  uuid CONSTRAINT uq_deal_events_source_event UNIQUE
    )`);
    await q.query(`CREATE INDEX idx_deal_events_deal_id ON deal_events (deal_id)`);
    await q.query(`CREATE INDEX idx_deal_events_created_at ON deal_events (created_at DESC)`);
    await q.query(`CREATE INDEX idx_deal_events_metadata_gin ON deal_events USING GIN (metadata)`);

    await q.query(`CREATE TABLE ai_jobs (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id         uuid REFERENCES tenants (id) ON DELETE CASCADE,
      user_id           uuid REFERENCES users (id) ON DELETE CASCADE,
      deal_id           uuid REFERENCES deals (id) ON DELETE SET NULL,
      job_type          text NOT NULL,
      status            job_status NOT NULL DEFAULT 'queued',
      input_data        jsonb NOT NULL DEFAULT '{}'::jsonb,
      output_data       jsonb,
      error_message     text,
      attempts          integer NOT NULL DEFAULT 0,
      max_attempts      integer NOT NULL DEFAULT 3,
      run_after         timestamptz NOT NULL DEFAULT now(),
      locked_by         varchar(100),
      lease_expires_at  timestamptz,
      heartbeat_at      timestamptz,
      cancel_requested  boolean NOT NULL DEFAULT false,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      started_at        timestamptz,
      completed_at      timestamptz,
      CONSTRAINT ck_ai_jobs_attempts CHECK (attempts >= 0 AND max_attempts >= 1),
      CONSTRAINT ck_ai_jobs_running_has_lease CHECK (status <> 'running' OR (locked_by IS NOT NULL AND lease_expires_at IS NOT NULL))
    )`);
    for (const sql of [
      `CREATE INDEX idx_ai_jobs_deal_id ON ai_jobs (deal_id)`,
      `CREATE INDEX idx_ai_jobs_status ON ai_jobs (status)`,
      `CREATE INDEX idx_ai_jobs_created_at ON ai_jobs (created_at DESC)`,
      `CREATE INDEX idx_ai_jobs_pending ON ai_jobs (created_at DESC) WHERE status IN ('queued', 'failed')`,
      // The queue's own: what a worker claims, what the reaper scans, the daily plan count.
      `CREATE INDEX idx_ai_jobs_claim ON ai_jobs (job_type, run_after) WHERE status = 'queued'`,
      `CREATE INDEX idx_ai_jobs_lease ON ai_jobs (lease_expires_at) WHERE status = 'running'`,
      `CREATE INDEX idx_ai_jobs_user_created ON ai_jobs (user_id, created_at DESC)`,
    ])
      await q.query(sql);

    await q.query(`CREATE TABLE system_logs (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      level       text NOT NULL CONSTRAINT ck_system_logs_level CHECK (level IN ('debug', 'info', 'warning', 'error', 'critical')),
      source      text NOT NULL,
      message     text NOT NULL,
      details     jsonb,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_system_logs_level ON system_logs (level)`);
    await q.query(`CREATE INDEX idx_system_logs_created_at ON system_logs (created_at DESC)`);
    const cutoff = (
      (await q.query(
        `SELECT to_char(date_trunc('day', (now() - interval '7 days') AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T00:00:00Z"') AS cutoff`,
      )) as Array<{
        cutoff: string;
      }>
    )[0].cutoff;
    await q.query(
      `CREATE INDEX idx_system_logs_recent ON system_logs (created_at DESC, level) WHERE created_at > '${cutoff}'::timestamptz`,
    );

    for (const table of [
      'leads',
      're_properties',
      'deals',
      're_documents',
      're_lead_documents',
      'ai_jobs',
    ])
      await touchUpdatedAt(q, table);

    // Tenant isolation, ANDed with every other policy.
    const tenantColumn: Record<string, string> = { leads: 'workspace_id' };
    for (const table of [
      'leads',
      're_properties',
      'deals',
      're_documents',
      're_lead_documents',
      're_property_documents',
      'deal_events',
      'ai_jobs',
    ]) {
      const column = tenantColumn[table] ?? 'tenant_id';
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON ${table} AS RESTRICTIVE
        USING (${SYSTEM} OR ${column} = current_tenant_id())
        WITH CHECK (${SYSTEM} OR ${column} = current_tenant_id())`);
      await grantToApp(q, table);
    }

    // Owned tables: owners see and change their own rows, admins see all (read-only).
    for (const table of ['leads', 're_properties', 'deals', 're_documents']) {
      await q.query(
        `CREATE POLICY ${table}_select ON ${table} FOR SELECT USING (app_is_privileged() OR user_id = current_user_id())`,
      );
      await q.query(
        `CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK ${OWN_OR_SYSTEM}`,
      );
      await q.query(
        `CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING ${OWN_OR_SYSTEM} WITH CHECK ${OWN_OR_SYSTEM}`,
      );
      await q.query(`CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING ${OWN_OR_SYSTEM}`);
    }

    // Child tables: by ownership of the parent.
    const ownsLead = `EXISTS (SELECT 1 FROM leads l WHERE l.id = re_lead_documents.lead_id AND l.user_id = current_user_id())`;
    const ownsProperty = `EXISTS (SELECT 1 FROM re_properties p WHERE p.id = re_property_documents.property_id AND p.user_id = current_user_id())`;
    const ownsDealOfEvent = `EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_events.deal_id AND d.user_id = current_user_id())`;
    const ownsJob = `(CASE WHEN ai_jobs.deal_id IS NULL THEN ai_jobs.user_id = current_user_id()
      ELSE EXISTS (SELECT 1 FROM deals d WHERE d.id = ai_jobs.deal_id AND d.user_id = current_user_id()) END)`;
    const child: Array<[string, string, string[]]> = [
      ['re_lead_documents', ownsLead, ['insert', 'update', 'delete']],
      ['re_property_documents', ownsProperty, ['insert', 'update', 'delete']],
      // The timeline is a projection: users add notes through the ledger, not by hand.
      ['deal_events', ownsDealOfEvent, []],
      ['ai_jobs', ownsJob, ['insert', 'update']],
    ];
    for (const [table, owns, writes] of child) {
      await q.query(
        `CREATE POLICY ${table}_select ON ${table} FOR SELECT USING (app_is_privileged() OR ${owns})`,
      );
      const allowed = (op: string) => (writes.includes(op) ? `${SYSTEM} OR ${owns}` : SYSTEM);
      await q.query(
        `CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${allowed('insert')})`,
      );
      await q.query(
        `CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${allowed('update')}) WITH CHECK (${allowed('update')})`,
      );
      await q.query(
        `CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${allowed('delete')})`,
      );
    }

    await q.query(`ALTER TABLE system_logs ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE system_logs FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY system_logs_select ON system_logs FOR SELECT USING (app_is_privileged())`,
    );
    await q.query(
      `CREATE POLICY system_logs_insert ON system_logs FOR INSERT WITH CHECK (${SYSTEM})`,
    );
    await q.query(`CREATE POLICY system_logs_delete ON system_logs FOR DELETE USING (${SYSTEM})`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON TABLE system_logs TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'system_logs',
      'ai_jobs',
      'deal_events',
      're_property_documents',
      're_lead_documents',
      're_documents',
      'deals',
      're_properties',
      'leads',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION re_properties_check_year_built()`);
    for (const type of [
      'job_status',
      'lead_document_type',
      'document_type',
      'deal_status',
      'opt_status',
      'lead_status',
    ])
      await q.query(`DROP TYPE ${type}`);
  }
}
