import { RefusalRecorder } from '@opsledger/http';
import { LEDGER_START } from '@opsledger/event-store';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  AuditTestContext,
  createAuditTestContext,
  TestEvent,
} from '../../../../../test/audit/audit-test-context';
import { AuditEntry } from '../../domain/audit-entry';
import { GetResourceHistoryQuery } from '../queries/get-resource-history/get-resource-history.query';
import { ListAuditEventsQuery } from '../queries/list-audit-events/list-audit-events.query';
import { ListAuditLogsQuery } from '../queries/list-audit-logs/list-audit-logs.query';
import { auditTrailQuery } from '../../infrastructure/typeorm/sql-audit-trail.reader';
import { AuditTrailProjection } from './audit-trail.projection';

describe('audit_trail projection (PostgreSQL)', () => {
  let t: AuditTestContext;
  let projection: AuditTrailProjection;
  const tenantId = randomUUID();
  const userA = randomUUID();
  const userB = randomUUID();
  const admin = {
    id: randomUUID(),
    type: 'user' as const,
    tenantId: null,
    roles: ['admin'],
    tenantRole: null,
    sessionId: null,
  };

  async function allEntries(): Promise<AuditEntry[]> {
    const rows = await t.superuser<{ entry: AuditEntry }>(
      `SELECT entry FROM audit_trail ORDER BY position`,
    );
    return rows.map((r) => r.entry);
  }

  beforeAll(async () => {
    t = await createAuditTestContext();
    projection = t.app.get(AuditTrailProjection);
    await t.append(
      'user',
      userA,
      [
        new TestEvent('identity.user.registered.v1', userA, {
          email: 'a@x.test',
          role: 'user',
          passwordHash: 'argon2id$secret',
        }),
      ],
      {
        actor: admin,
      },
    );
    await t.append(
      'user',
      userA,
      [
        new TestEvent(
          'identity.user.role-changed.v1',
          userA,
          { role: 'auditor' },
          { role: 'user' },
        ),
      ],
      { actor: admin },
    );
    await t.append(
      'user',
      userB,
      [new TestEvent('identity.user.registered.v1', userB, { email: 'b@x.test', role: 'user' })],
      {
        actor: admin,
        tenantId,
      },
    );
    await t.app.get(RefusalRecorder).record({
      method: 'POST',
      route: '/api/v1/users',
      status: 403,
      code: 'AUTH.ROLE_REQUIRED',
      message: 'This needs one of the roles: admin',
      result: 'denied',
    });
  });
  afterAll(() => t.close());

  it('registers itself with the runner', () => {
    expect(t.runner.names()).toContain('audit_trail');
  });

  it('projects one entry per event, with diffs, actors and no secrets', async () => {
    await t.settle();
    expect(await t.runner.catchUp(projection)).toBe(4);
    const entries = await allEntries();
    expect(entries.map((e) => e.action)).toEqual([
      'registered',
      'role-changed',
      'registered',
      'refused',
    ]);
    const [registered, roleChanged, otherTenant, refused] = entries;
    expect(registered.newValues).toEqual({
      email: 'a@x.test',
      role: 'user',
      passwordHash: '[redacted]',
    });
    expect(JSON.stringify(entries)).not.toContain('argon2id$secret');
    expect(roleChanged).toMatchObject({
      resourceType: 'user',
      resourceId: userA,
      actor: { id: admin.id, type: 'user' },
      oldValues: { role: 'user' },
      newValues: { role: 'auditor' },
      changes: [{ field: 'role', old: 'user', new: 'auditor' }],
      result: 'success',
      error: null,
    });
    expect(otherTenant.tenantId).toBe(tenantId);
    expect(refused).toMatchObject({
      resourceType: 'refusal',
      result: 'denied',
      error: 'AUTH.ROLE_REQUIRED: This needs one of the roles: admin',
      request: { method: 'POST', route: '/api/v1/users', status: 403, code: 'AUTH.ROLE_REQUIRED' },
    });
    expect(
      entries.every(
        (e) => typeof e.position === 'number' && !Number.isNaN(Date.parse(e.occurredAt)),
      ),
    ).toBe(true);
  });

  it('is idempotent: the same events handled twice give one entry each', async () => {
    const events = await t.app
      .get(RequestContext)
      .run(SYSTEM_ACTOR, () =>
        t.app.get(Db).transaction(() => t.store.readCommitted(LEDGER_START, 100)),
      );
    const ctx = t.app.get(RequestContext);
    const db = t.app.get(Db);
    await ctx.run(SYSTEM_ACTOR, () => db.transaction(() => projection.reset()));
    expect(await allEntries()).toEqual([]);
    await ctx.run(SYSTEM_ACTOR, () => db.transaction(() => projection.handle(events)));
    await ctx.run(SYSTEM_ACTOR, () => db.transaction(() => projection.handle(events)));
    const entries = await allEntries();
    expect(entries).toHaveLength(events.length);
    expect(new Set(entries.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
  });

  it('rebuild replays the ledger into the same entries', async () => {
    const before = await allEntries();
    await t.superuser(
      `UPDATE audit_trail SET action = 'scribbled', entry = jsonb_set(entry, '{action}', '"scribbled"')`,
    );
    expect(await t.runner.rebuild('audit_trail')).toBe(4);
    expect(await allEntries()).toEqual(before);
  });

  it('answers filtered, paginated queries newest first', async () => {
    const page1 = await t.queries.execute(new ListAuditEventsQuery({}, 3, null));
    expect(page1.items.map((e) => e.action)).toEqual(['refused', 'registered', 'role-changed']);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await t.queries.execute(new ListAuditEventsQuery({}, 3, page1.nextCursor));
    expect(page2.items.map((e) => e.action)).toEqual(['registered']);
    expect(page2.nextCursor).toBeNull();

    const byTenant = await t.queries.execute(new ListAuditEventsQuery({ tenantId }, 10, null));
    expect(byTenant.items.map((e) => e.resourceId)).toEqual([userB]);
    const byActorAndAction = await t.queries.execute(
      new ListAuditEventsQuery({ actorId: admin.id, action: 'registered' }, 10, null),
    );
    expect(byActorAndAction.items).toHaveLength(2);
    const denied = await t.queries.execute(
      new ListAuditEventsQuery({ result: 'denied' }, 10, null),
    );
    expect(denied.items.map((e) => e.action)).toEqual(['refused']);
    const future = await t.queries.execute(
      new ListAuditEventsQuery({ from: new Date(Date.now() + 60_000) }, 10, null),
    );
    expect(future.items).toEqual([]);
    const past = await t.queries.execute(
      new ListAuditEventsQuery({ to: new Date(Date.now() + 60_000), from: new Date(0) }, 10, null),
    );
    expect(past.items).toHaveLength(4);
  });

  it('serves every filter and deep page from an index with row-level security on', async () => {
    const ctx = t.app.get(RequestContext);
    const db = t.app.get(Db);
    // As the reader runs: the application role, system scope, the policy in force. A filter
    // whose comparison is not leakproof could not use an index under the policy, and with
    // sequential scans disabled the plan would still be one.
    const planOf = (query: { sql: string; params: unknown[] }) =>
      ctx.run(SYSTEM_ACTOR, () =>
        db.read(async () => {
          await db.manager.query(`SET LOCAL enable_seqscan = off`);
          const [row] = (await db.manager.query(
            `EXPLAIN (FORMAT JSON) ${query.sql}`,
            query.params,
          )) as Array<{ 'QUERY PLAN': unknown }>;
          return JSON.stringify(row['QUERY PLAN']);
        }),
      );
    const day = new Date('2026-01-01T00:00:00Z');
    const cases: Array<[string, Parameters<typeof auditTrailQuery>, string]> = [
      ['actor', [{ actorId: admin.id }, 'desc', 21], 'idx_audit_trail_actor'],
      [
        'resource',
        [{ resourceType: 'user', resourceId: userA }, 'asc', 21],
        'idx_audit_trail_resource',
      ],
      ['resource id', [{ resourceId: userA }, 'desc', 21], 'idx_audit_trail_resource_id'],
      ['tenant', [{ tenantId }, 'desc', 21], 'idx_audit_trail_tenant'],
      [
        'one day',
        [{ from: day, to: new Date(day.getTime() + 86_400_000) }, 'desc', 21],
        'idx_audit_trail_occurred',
      ],
      ['deep cursor', [{}, 'desc', 21, 1_000_000], 'pk_audit_trail'],
    ];
    for (const [name, args, index] of cases) {
      const plan = await planOf(auditTrailQuery(...args));
      expect({ name, seqScan: plan.includes('Seq Scan') }).toEqual({ name, seqScan: false });
      expect({ name, index: plan.includes(index) }).toEqual({ name, index: true });
    }
  });

  it('gives one resource’s history oldest first, and the audit_logs shape', async () => {
    const history = await t.queries.execute(new GetResourceHistoryQuery('user', userA, 1, null));
    expect(history.items.map((e) => e.action)).toEqual(['registered']);
    const rest = await t.queries.execute(
      new GetResourceHistoryQuery('user', userA, 1, history.nextCursor),
    );
    expect(rest.items.map((e) => e.action)).toEqual(['role-changed']);

    const logs = await t.queries.execute(
      new ListAuditLogsQuery({ resourceId: userA, action: 'role-changed' }, 10, null),
    );
    expect(logs.items).toEqual([
      expect.objectContaining({
        resource_type: 'user',
        resource_id: userA,
        action: 'role-changed',
        old_values: { role: 'user' },
        new_values: { role: 'auditor' },
        user_id: admin.id,
        result: 'success',
        error_message: null,
        created_at: expect.any(String),
      }),
    ]);
  });
});
