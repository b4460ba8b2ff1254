import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, grantToApp, touchUpdatedAt } from './migration-helpers';

const SYSTEM = `current_setting('app.scope', true) = 'system'`;
const IN_TENANT = `tenant_id = current_tenant_id()`;
const LIVE_SHARE = (permission: string) => `EXISTS (
  SELECT 1 FROM contractor_list_shares s
   WHERE s.list_id = contractor_lists.id AND s.shared_with_user_id = current_user_id()
     AND (s.expires_at IS NULL OR s.expires_at > now())${permission})`;

/**
 * Spec 001's portfolios: `contractor_lists` (one default list per user by a partial unique
 * index), `contractor_list_items` (rating 1–5, one per list and profile),
 * `contractor_list_shares` (the access token stored as its SHA-256, unique) and
 * `contractor_list_activity`, a projection of the ledger partitioned by month. Every row
 * carries `tenant_id`. Row-level security holds spec 001's "users can only see their own
 * lists", plus lists shared with them (view or edit, until the share expires) and public lists
 * of their tenant; items and activity follow their list. Shares are plain tenant rows (their
 * policy must not read lists, whose policy reads shares); the application checks who manages
 * them. Creating and detaching monthly partitions needs the owner: two SECURITY DEFINER
 * functions do it for the application role.
 */
export class CreateContractorLists1763780030100 implements MigrationInterface {
  name = 'CreateContractorLists1763780030100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contractor_lists (
      id                  uuid PRIMARY KEY,
      tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name                varchar(255) NOT NULL,
      description         text,
      is_default          boolean DEFAULT false,
      is_public           boolean DEFAULT false,
      color               varchar(7) CONSTRAINT ck_contractor_lists_color CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
      icon                varchar(50),
      sort_order          integer DEFAULT 0,
      item_count          integer DEFAULT 0 CONSTRAINT ck_contractor_lists_item_count CHECK (item_count >= 0),
      total_value         text DEFAULT '0',
      last_item_added_at  timestamp,
      settings            jsonb DEFAULT '{}'::jsonb CONSTRAINT ck_contractor_lists_settings CHECK (jsonb_typeof(settings) = 'object'),
      created_at          timestamp DEFAULT now(),
      updated_at          timestamp DEFAULT now(),
      version             integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_list_user_id ON contractor_lists (user_id)`);
    await q.query(`CREATE INDEX idx_list_is_default ON contractor_lists (is_default)`);
    await q.query(`CREATE INDEX idx_list_is_public ON contractor_lists (is_public)`);
    await q.query(
      `CREATE UNIQUE INDEX idx_unique_default_per_user ON contractor_lists (tenant_id, user_id) WHERE is_default = true`,
    );
    await q.query(
      `CREATE INDEX idx_list_tenant_user_order ON contractor_lists (tenant_id, user_id, sort_order, id)`,
    );

    await q.query(`CREATE TABLE contractor_list_items (
      id                     uuid PRIMARY KEY,
      tenant_id              uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      list_id                uuid NOT NULL REFERENCES contractor_lists (id) ON DELETE CASCADE,
      contractor_profile_id  uuid NOT NULL REFERENCES contractor_profiles (id) ON DELETE CASCADE,
      notes                  text,
      tags                   jsonb DEFAULT '[]'::jsonb CONSTRAINT ck_contractor_list_items_tags CHECK (jsonb_typeof(tags) = 'array'),
      rating                 integer CONSTRAINT ck_contractor_list_items_rating CHECK (rating BETWEEN 1 AND 5),
      priority               varchar(20) CONSTRAINT ck_contractor_list_items_priority CHECK (priority IN ('low', 'medium', 'high', 'critical')),
      added_by               uuid REFERENCES users (id) ON DELETE SET NULL,
      added_at               timestamp DEFAULT now(),
      last_viewed_at         timestamp,
      view_count             integer DEFAULT 0,
      custom_data            jsonb CONSTRAINT ck_contractor_list_items_custom_data CHECK (custom_data IS NULL OR jsonb_typeof(custom_data) = 'object'),
      version                integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_item_list_id ON contractor_list_items (list_id, added_at, id)`);
    await q.query(
      `CREATE INDEX idx_item_contractor_profile_id ON contractor_list_items (contractor_profile_id)`,
    );
    await q.query(`CREATE INDEX idx_item_added_by ON contractor_list_items (added_by)`);
    await q.query(
      `CREATE UNIQUE INDEX idx_unique_contractor_per_list ON contractor_list_items (list_id, contractor_profile_id)`,
    );

    await q.query(`CREATE TABLE contractor_list_shares (
      id                   uuid PRIMARY KEY,
      tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      list_id              uuid NOT NULL REFERENCES contractor_lists (id) ON DELETE CASCADE,
      shared_with_user_id  uuid REFERENCES users (id) ON DELETE CASCADE,
      shared_with_email    varchar(255),
      permission           varchar(20) DEFAULT 'view' CONSTRAINT ck_contractor_list_shares_permission CHECK (permission IN ('view', 'edit')),
      shared_by            uuid REFERENCES users (id) ON DELETE SET NULL,
      shared_at            timestamp DEFAULT now(),
      access_token         varchar(255),
      expires_at           timestamp,
      last_accessed_at     timestamp,
      version              integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_contractor_list_shares_recipient CHECK ((shared_with_user_id IS NULL) <> (shared_with_email IS NULL)),
      CONSTRAINT ck_contractor_list_shares_link CHECK ((shared_with_email IS NULL) OR (access_token IS NOT NULL AND permission = 'view'))
    )`);
    await q.query(`CREATE INDEX idx_share_list_id ON contractor_list_shares (list_id)`);
    await q.query(
      `CREATE INDEX idx_share_shared_with_user_id ON contractor_list_shares (shared_with_user_id)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX idx_share_access_token ON contractor_list_shares (access_token)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_contractor_list_shares_user ON contractor_list_shares (list_id, shared_with_user_id) WHERE shared_with_user_id IS NOT NULL`,
    );

    await q.query(`CREATE TABLE contractor_list_activity (
      id          uuid NOT NULL,
      tenant_id   uuid NOT NULL,
      list_id     uuid NOT NULL,
      user_id     uuid,
      action      varchar(50) NOT NULL,
      item_id     uuid,
      metadata    jsonb,
      created_at  timestamp NOT NULL DEFAULT now(),
      CONSTRAINT pk_contractor_list_activity PRIMARY KEY (id, created_at)
    ) PARTITION BY RANGE (created_at)`);
    await q.query(
      `CREATE INDEX idx_activity_list_id ON contractor_list_activity (list_id, created_at)`,
    );
    await q.query(`CREATE INDEX idx_activity_user_id ON contractor_list_activity (user_id)`);
    await q.query(`CREATE INDEX idx_activity_created_at ON contractor_list_activity (created_at)`);
    await q.query(
      `CREATE TABLE contractor_list_activity_default PARTITION OF contractor_list_activity DEFAULT`,
    );
    // Monthly partitions, created ahead by the application through this owner's function.
    await q.query(`CREATE FUNCTION portfolio_ensure_activity_partition(month date) RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        first date := date_trunc('month', month)::date;
        part text := 'contractor_list_activity_' || to_char(first, 'YYYY_MM');
      BEGIN
        IF to_regclass(part) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF contractor_list_activity FOR VALUES FROM (%L) TO (%L)',
                         part, first, (first + interval '1 month')::date);
        END IF;
        RETURN part;
      END $$`);
    await q.query(`CREATE FUNCTION portfolio_detach_activity_partition(part text) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF part !~ '^contractor_list_activity_[0-9]{4}_[0-9]{2}$' THEN
          RAISE EXCEPTION 'not an activity partition: %', part;
        END IF;
        EXECUTE format('ALTER TABLE contractor_list_activity DETACH PARTITION %I', part);
        EXECUTE format('DROP TABLE %I', part);
      END $$`);
    for (const fn of [
      'portfolio_ensure_activity_partition(date)',
      'portfolio_detach_activity_partition(text)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
    for (let month = -1; month <= 2; month++) {
      await q.query(
        `SELECT portfolio_ensure_activity_partition((date_trunc('month', now()) + make_interval(months => $1))::date)`,
        [month],
      );
    }

    for (const table of [
      'contractor_lists',
      'contractor_list_items',
      'contractor_list_shares',
      'contractor_list_activity',
    ]) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    }
    await q.query(`CREATE POLICY contractor_lists_read ON contractor_lists FOR SELECT USING (
      ${SYSTEM} OR (${IN_TENANT} AND (user_id = current_user_id() OR is_public = true OR ${LIVE_SHARE('')})))`);
    await q.query(`CREATE POLICY contractor_lists_insert ON contractor_lists FOR INSERT WITH CHECK (
      ${SYSTEM} OR (${IN_TENANT} AND user_id = current_user_id()))`);
    await q.query(`CREATE POLICY contractor_lists_update ON contractor_lists FOR UPDATE
      USING (${SYSTEM} OR (${IN_TENANT} AND (user_id = current_user_id() OR ${LIVE_SHARE(` AND s.permission = 'edit'`)})))
      WITH CHECK (${SYSTEM} OR ${IN_TENANT})`);
    await q.query(`CREATE POLICY contractor_lists_delete ON contractor_lists FOR DELETE USING (
      ${SYSTEM} OR (${IN_TENANT} AND user_id = current_user_id()))`);

    const listVisible = `EXISTS (SELECT 1 FROM contractor_lists l WHERE l.id = list_id)`;
    const listEditable = `EXISTS (SELECT 1 FROM contractor_lists l WHERE l.id = list_id AND (l.user_id = current_user_id() OR EXISTS (
      SELECT 1 FROM contractor_list_shares s WHERE s.list_id = l.id AND s.shared_with_user_id = current_user_id()
         AND s.permission = 'edit' AND (s.expires_at IS NULL OR s.expires_at > now()))))`;
    await q.query(`CREATE POLICY contractor_list_items_read ON contractor_list_items FOR SELECT USING (
      ${SYSTEM} OR (${IN_TENANT} AND ${listVisible}))`);
    await q.query(`CREATE POLICY contractor_list_items_write ON contractor_list_items FOR ALL
      USING (${SYSTEM} OR (${IN_TENANT} AND ${listEditable}))
      WITH CHECK (${SYSTEM} OR (${IN_TENANT} AND ${listEditable}))`);
    await q.query(`CREATE POLICY contractor_list_shares_tenant ON contractor_list_shares
      USING (${SYSTEM} OR ${IN_TENANT}) WITH CHECK (${SYSTEM} OR ${IN_TENANT})`);
    await q.query(`CREATE POLICY contractor_list_activity_read ON contractor_list_activity FOR SELECT USING (
      ${SYSTEM} OR (${IN_TENANT} AND ${listVisible}))`);
    await q.query(`CREATE POLICY contractor_list_activity_write ON contractor_list_activity FOR INSERT
      WITH CHECK (${SYSTEM})`);
    // a projection rebuild empties the table first
    await q.query(`CREATE POLICY contractor_list_activity_reset ON contractor_list_activity FOR DELETE
      USING (${SYSTEM})`);

    for (const table of ['contractor_lists']) await touchUpdatedAt(q, table);
    await grantToApp(q, 'contractor_lists');
    await grantToApp(q, 'contractor_list_items');
    await grantToApp(q, 'contractor_list_shares');
    await grantToApp(q, 'contractor_list_activity', 'SELECT, INSERT, DELETE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION portfolio_detach_activity_partition(text)`);
    await q.query(`DROP TABLE contractor_list_activity`);
    await q.query(`DROP FUNCTION portfolio_ensure_activity_partition(date)`);
    // the lists' policy reads shares: one statement drops the three together
    await q.query(`DROP TABLE contractor_list_items, contractor_list_shares, contractor_lists`);
  }
}
