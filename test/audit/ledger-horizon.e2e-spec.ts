import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { Client } from 'pg';
import { createTestApp, TestApp, SCRAPER } from '../support/test-app';

/** A transaction that holds an id and stays open until released, as a stuck session would. */
function heldWriter(t: TestApp) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let xid: string | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    const db = t.app.get(Db);
    t.app
      .get(RequestContext)
      .run(SYSTEM_ACTOR, () =>
        db.transaction(async () => {
          const rows = (await db.manager.query(`SELECT pg_current_xact_id()::text AS x`)) as Array<{
            x: string;
          }>;
          xid = rows[0].x;
          resolve();
          await released;
        }),
      )
      .catch(reject);
  });
  return { ready, release: () => release(), xid: () => xid };
}

describe('the ledger horizon (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let elsewhere: TestDatabase;
  let foreign: Client;

  beforeAll(async () => {
    t = await createTestApp({ LEDGER_HORIZON_LIMIT_SECONDS: '1' });
    admin = await t.loginAsAdmin();
    elsewhere = await createTestDatabase();
    foreign = await superuserClient(elsewhere.url);
  });
  afterAll(async () => {
    await foreign.end();
    await elsewhere.drop();
    await t.close();
  });

  it('keeps the audit trail and sealing going while a session in another database holds a transaction id', async () => {
    await foreign.query('BEGIN');
    await foreign.query('SELECT pg_current_xact_id()');
    try {
      const user = await t.createUser(admin, { fullName: 'Held Horizon' });
      await t.project();
      const trail = await t.call(
        'GET',
        `/api/v1/audit/events?resourceType=user&resourceId=${user.id}`,
        admin,
      );
      expect(trail.json().items.map((e: { action: string }) => e.action)).toContain('registered');

      const sealed = await t.call('POST', '/api/v1/audit/seals', admin);
      expect(sealed.statusCode).toBe(201);
      const metrics = (await t.inject({ method: 'GET', url: '/metrics', headers: SCRAPER })).body;
      // only the seal request's own refusal-free trail remains: nothing older than the seal
      expect(metrics).toMatch(/^opsledger_seal_lag_events 0$/m);

      const ready = await t.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().details.ledgerHorizon).toMatchObject({ status: 'up', state: 'ok' });
    } finally {
      await foreign.query('ROLLBACK');
    }
  });

  it('reports a ledger writer that holds the horizon past the limit in readiness and metrics', async () => {
    const writer = heldWriter(t);
    await writer.ready;
    try {
      let ready = await t.inject({ method: 'GET', url: '/health/ready' });
      const until = Date.now() + 10_000;
      while (ready.json().details.ledgerHorizon.state !== 'held' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ready = await t.inject({ method: 'GET', url: '/health/ready' });
      }
      expect(ready.statusCode).toBe(200);
      expect(ready.json().details.ledgerHorizon).toMatchObject({
        status: 'up',
        state: 'held',
        holderXid: writer.xid(),
        holderPid: expect.any(Number),
        limitSeconds: 1,
      });
      expect(ready.json().details.ledgerHorizon.heldSeconds).toBeGreaterThan(1);

      const metrics = (await t.inject({ method: 'GET', url: '/metrics', headers: SCRAPER })).body;
      const line = metrics
        .split('\n')
        .find((l) => l.startsWith('opsledger_ledger_horizon_held_seconds{'));
      expect(line).toContain(`xid="${writer.xid()}"`);
      expect(Number(line?.split(' ').pop())).toBeGreaterThan(1);
    } finally {
      writer.release();
    }
    await t.project();
    const after = await t.inject({ method: 'GET', url: '/health/ready' });
    expect(after.json().details.ledgerHorizon).toMatchObject({ state: 'ok', holderXid: null });
  });
});
