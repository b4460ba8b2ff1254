import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { boundingBox } from '../../domain/geofence';

/**
 * The attendance tables hold their invariants in PostgreSQL itself: tenancy as the
 * application's role with no application code, one open session per contact under concurrent
 * starts, and an index-backed bounding-box prefilter for nearby meetings.
 */
describe('attendance tables (PostgreSQL)', () => {
  let db: TestDatabase;
  let owner: Client;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const contactA = randomUUID();
  const meetingA = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await superuserClient(db.url);
    await owner.query(
      `INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'att-a'), ($2, 'B', 'att-b')`,
      [tenantA, tenantB],
    );
    await owner.query(`INSERT INTO contacts (id, tenant_id, email) VALUES ($1, $2, 'a@a.test')`, [
      contactA,
      tenantA,
    ]);
    await owner.query(
      `INSERT INTO meetings (id, tenant_id, name, address, lat, lng, qr_code) VALUES ($1, $2, 'M', 'Somewhere', 37.79, -122.39, 'qa')`,
      [meetingA, tenantA],
    );
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  async function asApp<T>(tenant: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }

  it('row-level security: another tenant sees and writes none of the rows', async () => {
    for (const table of ['contacts', 'meetings', 'sessions', 'session_events']) {
      const own = await asApp(tenantA, (c) => c.query(`SELECT count(*)::int AS n FROM ${table}`));
      const other = await asApp(tenantB, (c) => c.query(`SELECT count(*)::int AS n FROM ${table}`));
      expect(other.rows[0].n).toBe(0);
      if (table === 'contacts' || table === 'meetings') expect(own.rows[0].n).toBe(1);
    }
    await expect(
      asApp(tenantB, (c) =>
        c.query(`INSERT INTO contacts (id, tenant_id, email) VALUES ($1, $2, 'x@a.test')`, [
          randomUUID(),
          tenantA,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp(tenantB, (c) =>
      c.query(`UPDATE meetings SET name = 'hijacked' WHERE id = $1`, [meetingA]),
    );
    expect(updated.rowCount).toBe(0);
  });

  it('refuses bad coordinates and phone numbers at the table', async () => {
    await expect(
      owner.query(
        `INSERT INTO meetings (id, tenant_id, name, address, lat, lng) VALUES ($1, $2, 'M', 'A', 91, 0)`,
        [randomUUID(), tenantA],
      ),
    ).rejects.toThrow(/ck_meetings_lat/);
    await expect(
      owner.query(
        `INSERT INTO contacts (id, tenant_id, email, phone) VALUES ($1, $2, 'p@a.test', '0155 1234')`,
        [randomUUID(), tenantA],
      ),
    ).rejects.toThrow(/ck_contacts_phone_e164/);
  });

  it('one open session per contact, even when ten start at once', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        (async () => {
          const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
          await c.connect();
          try {
            await c.query('BEGIN');
            await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
            await c.query(
              `INSERT INTO sessions (id, tenant_id, contact_id, meeting_id, dest_name, dest_address, dest_lat, dest_lng)
               VALUES ($1, $2, $3, $4, 'M', 'Somewhere', 37.79, -122.39)`,
              [randomUUID(), tenantA, contactA, meetingA],
            );
            await c.query('COMMIT');
          } finally {
            await c.end();
          }
        })(),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts.filter((x): x is PromiseRejectedResult => x.status === 'rejected'))
      expect(String(a.reason)).toMatch(/uq_sessions_open_contact/);
    // a completed session frees the slot
    await owner.query(
      `UPDATE sessions SET status = 'completed', is_complete = true WHERE contact_id = $1`,
      [contactA],
    );
    await owner.query(
      `INSERT INTO sessions (id, tenant_id, contact_id, meeting_id, dest_name, dest_address, dest_lat, dest_lng)
       VALUES ($1, $2, $3, $4, 'M', 'Somewhere', 37.79, -122.39)`,
      [randomUUID(), tenantA, contactA, meetingA],
    );
  });

  it('the nearby prefilter uses ix_meetings_lat_lng (EXPLAIN), not a full scan', async () => {
    await owner.query(
      `INSERT INTO meetings (id, tenant_id, name, address, lat, lng)
       SELECT gen_random_uuid(), $1, 'M' || g, 'Address', -80 + (g % 1600) * 0.1, -179 + (g / 1600) * 0.03
         FROM generate_series(1, 20000) g`,
      [tenantA],
    );
    await owner.query('ANALYZE meetings');
    const box = boundingBox({ lat: 37.79, lng: -122.39 }, 2000);
    const plan = await asApp(tenantA, (c) =>
      c.query(
        `EXPLAIN SELECT id FROM meetings WHERE tenant_id = $1 AND is_active AND lat BETWEEN $2 AND $3 AND (lng BETWEEN $4 AND $5)`,
        [tenantA, box.minLat, box.maxLat, box.lngRanges[0][0], box.lngRanges[0][1]],
      ),
    );
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('ix_meetings_lat_lng');
    expect(text).not.toMatch(/Seq Scan on meetings/);
  });
});
