import { DomainEvent, ERASED, personalData } from '@opsledger/ddd';
import { Actor, Db, RequestContext, RequestScope } from '@opsledger/persistence';
import { SubjectKeys } from '@opsledger/personal-data';
import { randomUUID } from 'node:crypto';
import {
  AuditTestContext,
  createAuditTestContext,
} from '../../../../../test/audit/audit-test-context';
import { ListAuditEventsQuery } from '../queries/list-audit-events/list-audit-events.query';
import { ListAuditLogsQuery } from '../queries/list-audit-logs/list-audit-logs.query';

class ContactChangedEvent extends DomainEvent<{ email: string; fullName: string; plan: string }> {
  static readonly personalData = personalData<ContactChangedEvent>({
    fields: ['email', 'fullName'],
  });
  readonly type = 'test.contact.changed.v1';
}

describe('audit trail and personal data (PostgreSQL)', () => {
  let t: AuditTestContext;
  const person = randomUUID();
  const actor: Actor = {
    id: person,
    type: 'user',
    tenantId: null,
    roles: ['user'],
    tenantRole: null,
    sessionId: null,
  };

  const appendAs = async (version: number, event: ContactChangedEvent) => {
    const ctx = t.app.get(RequestContext);
    const cls = t.app.get(RequestScope);
    const db = t.app.get(Db);
    await ctx.run(actor, async () => {
      cls.set('ip', '203.0.113.44');
      cls.set('userAgent', 'Contact-Browser/1.0');
      await db.transaction(() =>
        t.store.append({
          streamType: 'contact',
          streamId: person,
          expectedVersion: version,
          events: [event],
        }),
      );
    });
  };
  const history = async () =>
    (await t.queries.execute(new ListAuditEventsQuery({ resourceId: person }, 10, null))).items;
  const storedTrail = async () =>
    (
      await t.superuser<{ body: string }>(
        `SELECT entry::text AS body FROM audit_trail ORDER BY position`,
      )
    ).map((r) => r.body);

  beforeAll(async () => {
    t = await createAuditTestContext();
    await appendAs(
      0,
      new ContactChangedEvent(person, { email: 'ada@x.test', fullName: 'Ada L', plan: 'free' }),
    );
    await appendAs(
      1,
      new ContactChangedEvent(
        person,
        { email: 'ada@x.test', fullName: 'Ada Lovelace', plan: 'pro' },
        { email: 'ada@x.test', fullName: 'Ada L', plan: 'free' },
      ),
    );
    await t.settle();
    await t.runner.catchUpAll();
  });
  afterAll(() => t.close());

  it('stores the trail sealed and shows it revealed, diffing sealed values without opening them', async () => {
    const stored = (await storedTrail()).join('\n');
    for (const plain of ['ada@x.test', 'Ada L', '203.0.113.44', 'Contact-Browser'])
      expect(stored).not.toContain(plain);
    const [changed, created] = await history();
    expect(created).toMatchObject({
      ip: '203.0.113.44',
      userAgent: 'Contact-Browser/1.0',
      newValues: { email: 'ada@x.test', fullName: 'Ada L', plan: 'free' },
    });
    expect(changed.changes).toEqual([
      { field: 'fullName', old: 'Ada L', new: 'Ada Lovelace' },
      { field: 'plan', old: 'free', new: 'pro' },
    ]);
    expect(changed.newValues).toEqual({ fullName: 'Ada Lovelace', plan: 'pro' });
  });

  it('shows erased values as erased once the key is shredded, and a rebuild does not bring them back', async () => {
    const before = await storedTrail();
    await t.app
      .get(RequestContext)
      .run(actor, () => t.app.get(Db).transaction(() => t.app.get(SubjectKeys).shred([person])));
    const erased = {
      ip: ERASED,
      userAgent: ERASED,
      changes: [
        { field: 'fullName', old: ERASED, new: ERASED },
        { field: 'plan', old: 'free', new: 'pro' },
      ],
      newValues: { fullName: ERASED, plan: 'pro' },
    };
    expect((await history())[0]).toMatchObject(erased);
    const [log] = (await t.queries.execute(new ListAuditLogsQuery({ resourceId: person }, 1, null)))
      .items;
    expect(log).toMatchObject({
      ip_address: ERASED,
      user_agent: ERASED,
      new_values: erased.newValues,
    });

    expect(await t.runner.rebuild('audit_trail')).toBeGreaterThanOrEqual(2);
    expect(await storedTrail()).toEqual(before);
    expect((await history())[0]).toMatchObject(erased);
    expect(JSON.stringify(await history())).not.toMatch(/ada@x\.test|Ada L|203\.0\.113\.44/);
  });
});
