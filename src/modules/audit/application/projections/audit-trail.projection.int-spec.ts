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
import { AUDIT_TRAIL, AuditTrailProjection } from './audit-trail.projection';

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
    const ctx = t.app.get(RequestContext);
    const db = t.app.get(Db);
    return ctx.run(SYSTEM_ACTOR, () =>
      db.transaction(
        async () =>
          (
            await t.documents.find<AuditEntry>(AUDIT_TRAIL, {
              sort: { field: 'position', direction: 'asc' },
              limit: 1000,
            })
          ).items,
      ),
    );
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
      `UPDATE documents SET body = jsonb_set(body, '{action}', '"scribbled"') WHERE collection = 'audit_trail'`,
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

  it('pages by position through its own index, not a sort of the collection', async () => {
    // The document store's PostgreSQL adapter sorts by this expression (see the index migration).
    await t.superuser('SET enable_seqscan = off');
    try {
      const [plan] = await t.superuser<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) SELECT id, body, COALESCE(body #> $1::text[], 'null'::jsonb) AS sort_value FROM documents
          WHERE collection = $2 ORDER BY sort_value DESC, id DESC LIMIT $3`,
        [['position'], 'audit_trail', 21],
      );
      expect(JSON.stringify(plan['QUERY PLAN'])).toContain('idx_documents_audit_trail_position');
    } finally {
      await t.superuser('RESET enable_seqscan');
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
