import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Spec 002's tables as PostgreSQL holds them: every statement here runs as the application
 * role with only the session settings the application sets (Db.scopeStatement), no app code.
 */
describe('crm tables: row-level security, CHECKs and unique indexes (as the application role)', () => {
  let db: TestDatabase;
  let owner: Client;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const alice = randomUUID(); // tenant A
  const bob = randomUUID(); // tenant A, another investor
  const admin = randomUUID(); // tenant A, platform admin
  const carol = randomUUID(); // tenant B
  const aliceLead = randomUUID();
  const aliceProperty = randomUUID();
  const aliceDeal = randomUUID();
  const aliceDocument = randomUUID();
  const aliceLeadDocument = randomUUID();
  const aliceJob = randomUUID();
  const carolLead = randomUUID();

  type Scope = { tenant?: string; user?: string; role?: string; system?: boolean };

  async function asApp<T>(scope: Scope, fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', $3, true), set_config('app.scope', $4, true)`,
        [scope.tenant ?? '', scope.user ?? '', scope.role ?? '', scope.system ? 'system' : ''],
      );
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }
  const A = (user: string, role = ''): Scope => ({ tenant: tenantA, user, role });
  const ids = async (scope: Scope, sql: string) =>
    (await asApp(scope, (c) => c.query(sql))).rows.map((r: { id: string }) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await superuserClient(db.url);
    await owner.query(
      `INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'a'), ($2, 'B', 'b')`,
      [tenantA, tenantB],
    );
    await owner.query(
      `INSERT INTO users (id, email, password_hash) VALUES ($1, 'alice@a.test', 'x'), ($2, 'bob@a.test', 'x'), ($3, 'root@a.test', 'x'), ($4, 'carol@b.test', 'x')`,
      [alice, bob, admin, carol],
    );
    await owner.query(
      `INSERT INTO leads (id, user_id, workspace_id, name, email, phone) VALUES ($1, $2, $3, 'Seller One', 'One@Example.test', '+15550001'), ($4, $5, $6, 'Seller B', 'b@example.test', NULL)`,
      [aliceLead, alice, tenantA, carolLead, carol, tenantB],
    );
    await owner.query(
      `INSERT INTO re_properties (id, user_id, tenant_id, address_line_1, city, state, zip, square_feet) VALUES ($1, $2, $3, '1 Main St', 'Austin', 'TX', '78701', 1500)`,
      [aliceProperty, alice, tenantA],
    );
    await owner.query(
      `INSERT INTO deals (id, user_id, tenant_id, lead_id, property_id, stage, title) VALUES ($1, $2, $3, $4, $5, 'initial_contact', '1 Main St')`,
      [aliceDeal, alice, tenantA, aliceLead, aliceProperty],
    );
    await owner.query(
      `INSERT INTO re_documents (id, user_id, tenant_id, property_id, deal_id, title, type, file_url, file_size) VALUES ($1, $2, $3, $4, $5, 'Inspection', 'inspection', 'crm/x.pdf', 10)`,
      [aliceDocument, alice, tenantA, aliceProperty, aliceDeal],
    );
    await owner.query(
      `INSERT INTO re_property_documents (property_id, document_id, tenant_id, is_primary) VALUES ($1, $2, $3, true)`,
      [aliceProperty, aliceDocument, tenantA],
    );
    await owner.query(
      `INSERT INTO re_lead_documents (id, tenant_id, lead_id, title, type, file_url) VALUES ($1, $2, $3, 'W9', 'w9', 'crm/w9.pdf')`,
      [aliceLeadDocument, tenantA, aliceLead],
    );
    await owner.query(
      `INSERT INTO deal_events (id, tenant_id, deal_id, event_type, description) VALUES ($1, $2, $3, 'note_added', 'called')`,
      [randomUUID(), tenantA, aliceDeal],
    );
    await owner.query(
      `INSERT INTO ai_jobs (id, tenant_id, user_id, deal_id, job_type) VALUES ($1, $2, $3, $4, 'property_valuation')`,
      [aliceJob, tenantA, alice, aliceDeal],
    );
    await owner.query(
      `INSERT INTO system_logs (level, source, message) VALUES ('error', 'job', 'valuation failed')`,
    );
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  describe.each([
    ['leads', () => aliceLead],
    ['re_properties', () => aliceProperty],
    ['deals', () => aliceDeal],
    ['re_documents', () => aliceDocument],
  ])('%s (owned rows)', (table, row) => {
    it('shows the owner their rows, another investor none, an admin all, another tenant nothing', async () => {
      expect(await ids(A(alice), `SELECT id FROM ${table}`)).toEqual([row()]);
      expect(await ids(A(bob), `SELECT id FROM ${table}`)).toEqual([]);
      expect(await ids(A(admin, 'admin'), `SELECT id FROM ${table}`)).toEqual([row()]);
      expect(
        await ids(
          { tenant: tenantB, user: carol, role: 'admin' },
          `SELECT id FROM ${table} WHERE id = '${row()}'`,
        ),
      ).toEqual([]);
      expect(await ids({}, `SELECT id FROM ${table}`)).toEqual([]);
    });

    it('lets the owner update and delete, not another investor nor an admin (read-only)', async () => {
      for (const scope of [A(bob), A(admin, 'admin')]) {
        await asApp(scope, async (c) => {
          expect(
            (await c.query(`UPDATE ${table} SET updated_at = now() WHERE id = $1`, [row()]))
              .rowCount,
          ).toBe(0);
          expect((await c.query(`DELETE FROM ${table} WHERE id = $1`, [row()])).rowCount).toBe(0);
        });
      }
      await asApp(A(alice), async (c) => {
        expect(
          (await c.query(`UPDATE ${table} SET updated_at = now() WHERE id = $1`, [row()])).rowCount,
        ).toBe(1);
      });
    });

    it('refuses giving a row away to another user', async () => {
      await expect(
        asApp(A(alice), (c) =>
          c.query(`UPDATE ${table} SET user_id = $2 WHERE id = $1`, [row(), bob]),
        ),
      ).rejects.toMatchObject({ code: '42501' });
    });
  });

  it('leads: inserts only as oneself and only in one’s own workspace', async () => {
    const insert = (user: string, workspace: string) => (c: Client) =>
      c.query(`INSERT INTO leads (id, user_id, workspace_id, name) VALUES ($1, $2, $3, 'X')`, [
        randomUUID(),
        user,
        workspace,
      ]);
    await asApp(A(bob), insert(bob, tenantA));
    await expect(asApp(A(bob), insert(alice, tenantA))).rejects.toMatchObject({ code: '42501' });
    await expect(asApp(A(bob), insert(bob, tenantB))).rejects.toMatchObject({ code: '42501' });
    await expect(asApp(A(admin, 'admin'), insert(alice, tenantA))).rejects.toMatchObject({
      code: '42501',
    });
  });

  describe('child tables by ownership of the parent', () => {
    it('re_lead_documents: visible and writable through the lead’s owner', async () => {
      expect(await ids(A(alice), 'SELECT id FROM re_lead_documents')).toEqual([aliceLeadDocument]);
      expect(await ids(A(bob), 'SELECT id FROM re_lead_documents')).toEqual([]);
      expect(await ids(A(admin, 'admin'), 'SELECT id FROM re_lead_documents')).toEqual([
        aliceLeadDocument,
      ]);
      const add = (c: Client) =>
        c.query(
          `INSERT INTO re_lead_documents (id, tenant_id, lead_id, title, type, file_url) VALUES ($1, $2, $3, 'ID', 'id', 'f')`,
          [randomUUID(), tenantA, aliceLead],
        );
      await asApp(A(alice), add);
      await expect(asApp(A(bob), add)).rejects.toMatchObject({ code: '42501' });
      await asApp(A(bob), async (c) => {
        expect(
          (await c.query(`DELETE FROM re_lead_documents WHERE id = $1`, [aliceLeadDocument]))
            .rowCount,
        ).toBe(0);
      });
      await asApp(A(alice), async (c) => {
        expect(
          (await c.query(`DELETE FROM re_lead_documents WHERE id = $1`, [aliceLeadDocument]))
            .rowCount,
        ).toBe(1);
      });
    });

    it('re_property_documents: links visible and writable through the property’s owner', async () => {
      const links = (scope: Scope) =>
        asApp(
          scope,
          async (c) => (await c.query('SELECT document_id FROM re_property_documents')).rowCount,
        );
      expect(await links(A(alice))).toBe(1);
      expect(await links(A(bob))).toBe(0);
      expect(await links(A(admin, 'admin'))).toBe(1);
      await asApp(A(bob), async (c) => {
        expect(
          (
            await c.query(`DELETE FROM re_property_documents WHERE property_id = $1`, [
              aliceProperty,
            ])
          ).rowCount,
        ).toBe(0);
      });
      await asApp(A(alice), async (c) => {
        expect(
          (
            await c.query(`DELETE FROM re_property_documents WHERE property_id = $1`, [
              aliceProperty,
            ])
          ).rowCount,
        ).toBe(1);
      });
    });

    it('deal_events: the deal owner and admins read the timeline; only the projection (system scope) writes it', async () => {
      expect(await ids(A(alice), 'SELECT id FROM deal_events')).toHaveLength(1);
      expect(await ids(A(bob), 'SELECT id FROM deal_events')).toHaveLength(0);
      expect(await ids(A(admin, 'admin'), 'SELECT id FROM deal_events')).toHaveLength(1);
      const add = (c: Client) =>
        c.query(
          `INSERT INTO deal_events (id, tenant_id, deal_id, event_type) VALUES ($1, $2, $3, 'note_added')`,
          [randomUUID(), tenantA, aliceDeal],
        );
      await expect(asApp(A(alice), add)).rejects.toMatchObject({ code: '42501' });
      await asApp({ tenant: tenantA, system: true }, add);
      await asApp(A(alice), async (c) => {
        expect(
          (await c.query(`DELETE FROM deal_events WHERE deal_id = $1`, [aliceDeal])).rowCount,
        ).toBe(0);
      });
    });

    it('ai_jobs: through the deal’s owner (or the job’s owner when it has no deal)', async () => {
      expect(await ids(A(alice), 'SELECT id FROM ai_jobs')).toEqual([aliceJob]);
      expect(await ids(A(bob), 'SELECT id FROM ai_jobs')).toEqual([]);
      expect(await ids(A(admin, 'admin'), 'SELECT id FROM ai_jobs')).toEqual([aliceJob]);
      const enqueue = (deal: string | null, user: string) => (c: Client) =>
        c.query(
          `INSERT INTO ai_jobs (tenant_id, user_id, deal_id, job_type) VALUES ($1, $2, $3, 'property_valuation') RETURNING id`,
          [tenantA, user, deal],
        );
      await expect(asApp(A(bob), enqueue(aliceDeal, bob))).rejects.toMatchObject({ code: '42501' });
      await asApp(A(bob), enqueue(null, bob));
      await expect(asApp(A(bob), enqueue(null, alice))).rejects.toMatchObject({ code: '42501' });
      await asApp(A(bob), async (c) => {
        expect(
          (await c.query(`UPDATE ai_jobs SET cancel_requested = true WHERE id = $1`, [aliceJob]))
            .rowCount,
        ).toBe(0);
      });
    });
  });

  it('system_logs: admins read, users see nothing, only system scope writes', async () => {
    const count = (scope: Scope) =>
      asApp(scope, async (c) => (await c.query('SELECT 1 FROM system_logs')).rowCount);
    // the job's entry and the migration run that built the database
    const all = (await owner.query('SELECT 1 FROM system_logs')).rowCount;
    expect(all).toBe(2);
    expect(await count(A(admin, 'admin'))).toBe(all);
    expect(await count(A(alice))).toBe(0);
    const write = (c: Client) =>
      c.query(
        `INSERT INTO system_logs (level, source, message) VALUES ('warning', 'service', 'x')`,
      );
    await expect(asApp(A(admin, 'admin'), write)).rejects.toMatchObject({ code: '42501' });
    await asApp({ system: true }, write);
  });

  describe('CHECK constraints', () => {
    const fails = async (sql: string, params: unknown[], constraint: string) =>
      expect(asApp(A(alice), (c) => c.query(sql, params))).rejects.toMatchObject({
        code: '23514',
        constraint,
      });
    const property = (column: string, value: number) =>
      fails(
        `INSERT INTO re_properties (id, user_id, tenant_id, address_line_1, city, state, zip, ${column}) VALUES ($1, $2, $3, 'a', 'b', 'TX', '1', $4)`,
        [randomUUID(), alice, tenantA, value],
        `ck_re_properties_${column}`,
      );

    it('score and probability stay within 0..100', async () => {
      await fails(`UPDATE leads SET score = 101 WHERE id = $1`, [aliceLead], 'ck_leads_score');
      await fails(`UPDATE leads SET score = -1 WHERE id = $1`, [aliceLead], 'ck_leads_score');
      await fails(
        `UPDATE deals SET probability = 101 WHERE id = $1`,
        [aliceDeal],
        'ck_deals_probability',
      );
    });

    it('bedrooms/bathrooms >= 0, square feet and lot size > 0, year built 1800..next year + 5', async () => {
      await property('bedrooms', -1);
      await property('bathrooms', -0.5);
      await property('square_feet', 0);
      await property('lot_size', 0);
      await property('year_built', 1799);
      await property('year_built', new Date().getUTCFullYear() + 6);
      await asApp(A(alice), (c) =>
        c.query(
          `INSERT INTO re_properties (id, user_id, tenant_id, address_line_1, city, state, zip, year_built) VALUES ($1, $2, $3, 'a', 'b', 'TX', '1', $4)`,
          [randomUUID(), alice, tenantA, new Date().getUTCFullYear() + 5],
        ),
      );
    });

    it('file sizes are > 0', async () => {
      await fails(
        `UPDATE re_documents SET file_size = 0 WHERE id = $1`,
        [aliceDocument],
        'ck_re_documents_file_size',
      );
      await fails(
        `INSERT INTO re_lead_documents (id, tenant_id, lead_id, title, type, file_url, file_size) VALUES ($1, $2, $3, 't', 'w9', 'f', 0)`,
        [randomUUID(), tenantA, aliceLead],
        'ck_re_lead_documents_file_size',
      );
    });
  });

  describe('unique indexes', () => {
    const lead =
      (email: string | null, phone: string | null, user = bob) =>
      (c: Client) =>
        c.query(
          `INSERT INTO leads (id, user_id, workspace_id, name, email, phone) VALUES ($1, $2, $3, 'N', $4, $5)`,
          [randomUUID(), user, tenantA, email, phone],
        );

    it('holds one live lead per lower(email) and per phone in a workspace; a soft-deleted one frees them', async () => {
      await expect(asApp(A(bob), lead('ONE@example.TEST', null))).rejects.toMatchObject({
        code: '23505',
        constraint: 'idx_leads_email_unique',
      });
      await expect(asApp(A(bob), lead(null, '+15550001'))).rejects.toMatchObject({
        code: '23505',
        constraint: 'idx_leads_phone_unique',
      });
      await asApp({ tenant: tenantB, user: carol }, (c) =>
        c.query(
          `INSERT INTO leads (id, user_id, workspace_id, name, email) VALUES ($1, $2, $3, 'N', 'one@example.test')`,
          [randomUUID(), carol, tenantB],
        ),
      );
      await asApp(A(alice), async (c) => {
        await c.query(`UPDATE leads SET is_deleted = true, deleted_at = now() WHERE id = $1`, [
          aliceLead,
        ]);
        await lead('one@example.test', '+15550001', alice)(c);
      });
    });

    it('under concurrent inserts of the same email exactly one lead wins', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          (async () => {
            const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
            await c.connect();
            try {
              await c.query('BEGIN');
              await c.query(
                `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`,
                [tenantA, bob],
              );
              await lead('race@example.test', null)(c);
              await c.query('COMMIT');
            } finally {
              await c.end();
            }
          })(),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected'))
        expect(r.reason).toMatchObject({ code: '23505', constraint: 'idx_leads_email_unique' });
    });

    it('holds one active deal per property', async () => {
      await expect(
        asApp(A(alice), (c) =>
          c.query(
            `INSERT INTO deals (id, user_id, tenant_id, property_id, stage, title) VALUES ($1, $2, $3, $4, 'x', 'again')`,
            [randomUUID(), alice, tenantA, aliceProperty],
          ),
        ),
      ).rejects.toMatchObject({ code: '23505', constraint: 'idx_deals_property_active_unique' });
      await asApp(A(alice), async (c) => {
        await c.query(`UPDATE deals SET status = 'lost' WHERE id = $1`, [aliceDeal]);
        await c.query(
          `INSERT INTO deals (id, user_id, tenant_id, property_id, stage, title) VALUES ($1, $2, $3, $4, 'x', 'again')`,
          [randomUUID(), alice, tenantA, aliceProperty],
        );
      });
    });
  });

  it('has every index spec 002 names', async () => {
    const names = (
      await owner.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)
    ).rows.map((r: { indexname: string }) => r.indexname);
    for (const name of [
      'idx_leads_user_id',
      'idx_leads_workspace_id',
      'idx_leads_status',
      'idx_leads_email',
      'idx_leads_phone',
      'idx_leads_user_status',
      'idx_leads_user_created',
      'idx_leads_active',
      'idx_leads_tags_gin',
      'idx_leads_email_lower',
      'idx_leads_name_lower',
      'idx_leads_email_unique',
      'idx_leads_phone_unique',
      'idx_leads_user_status_covering',
      'idx_re_properties_user_id',
      'idx_re_properties_status',
      'idx_re_properties_city_state',
      'idx_re_properties_zip',
      'idx_re_properties_location',
      'idx_re_properties_user_status',
      'idx_re_properties_active',
      'idx_re_documents_user_id',
      'idx_re_documents_property_id',
      'idx_re_documents_deal_id',
      'idx_re_documents_type',
      'idx_re_documents_created_at',
      'idx_re_documents_user_type',
      'idx_re_documents_property_created',
      'idx_re_documents_metadata_gin',
      'idx_lead_documents_lead_id',
      'idx_lead_documents_type',
      'idx_property_documents_property',
      'idx_property_documents_document',
      'idx_deals_user_id',
      'idx_deals_status',
      'idx_deals_stage',
      'idx_deals_next_action_due',
      'idx_deals_lead_id',
      'idx_deals_property_id',
      'idx_deals_user_status',
      'idx_deals_user_stage',
      'idx_deals_user_created',
      'idx_deals_active_next_action',
      'idx_deals_property_active_unique',
      'idx_deals_user_status_covering',
      'idx_deal_events_deal_id',
      'idx_deal_events_created_at',
      'idx_deal_events_metadata_gin',
      'idx_ai_jobs_deal_id',
      'idx_ai_jobs_status',
      'idx_ai_jobs_created_at',
      'idx_ai_jobs_pending',
      'idx_system_logs_level',
      'idx_system_logs_created_at',
      'idx_system_logs_recent',
    ])
      expect(names).toContain(name);
  });
});
