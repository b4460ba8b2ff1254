import { TestingModule } from '@nestjs/testing';
import { ERASED, isPersonalDataEnvelope, PersonalDataEnvelope, UNREADABLE } from '@opsledger/ddd';
import { EVENT_COLUMNS, eventHash, EventRow, EventStore, fromRow } from '@opsledger/event-store';
import { ANONYMOUS, Db, RequestContext, RequestScope, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PersonalDataProtector } from './personal-data-protector';
import { PersonalDataReveal } from './personal-data-reveal';
import { SubjectKeyCache } from './subject-key-cache';
import { SubjectKeys } from './subject-keys';
import {
  createPersonalDataModule,
  eventClass,
  openEnvelope,
} from './testing/personal-data-test-kit';

const CustomerRecorded = eventClass('test.customer.recorded.v1', {
  fields: ['email', 'address'],
  previousOnly: ['phone'],
  notPersonal: ['name'],
});
const SessionOpened = eventClass('test.session.opened.v1', {
  fields: ['ipAddress'],
  subject: 'userId',
});
const LoginRefused = eventClass('test.login.refused.v1', {
  fields: ['login'],
  subject: { alias: 'login' },
});
const Plain = eventClass('test.thing.happened.v1', { fields: [] });

describe('PersonalDataProtector (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let moduleRef: TestingModule;
  let store: EventStore;
  let keys: SubjectKeys;
  let cache: SubjectKeyCache;
  let protector: PersonalDataProtector;
  let reveal: PersonalDataReveal;
  let cls: RequestScope;
  let db: Db;
  let ctx: RequestContext;
  let su: Client;

  const append = (streamType: string, streamId: string, events: object[], expectedVersion = 0) =>
    ctx.run(SYSTEM_ACTOR, () =>
      db.transaction(() =>
        store.append({
          streamType,
          streamId,
          expectedVersion,
          events: events as never,
        }),
      ),
    );
  const keyRows = async (subjectId: string) =>
    (
      await su.query<{ subject_kind: string; erased_at: Date | null }>(
        `SELECT subject_kind, erased_at FROM personal_data_keys WHERE subject_id = $1`,
        [subjectId],
      )
    ).rows;
  const storedText = async (eventId: string) =>
    (
      await su.query<{ t: string }>(
        `SELECT payload::text || metadata::text AS t FROM event_store WHERE event_id = $1`,
        [eventId],
      )
    ).rows[0].t;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    moduleRef = await createPersonalDataModule(tdb.url);
    store = moduleRef.get(EventStore);
    keys = moduleRef.get(SubjectKeys);
    cache = moduleRef.get(SubjectKeyCache);
    protector = moduleRef.get(PersonalDataProtector);
    reveal = moduleRef.get(PersonalDataReveal);
    cls = moduleRef.get(RequestScope);
    db = moduleRef.get(Db);
    ctx = moduleRef.get(RequestContext);
    su = await superuserClient(tdb.url);
  });
  afterAll(async () => {
    await su.end();
    await moduleRef.close();
    await tdb.drop();
  });

  it('seals declared fields in the payload and in previous, before the hash is computed', async () => {
    const id = randomUUID();
    const address = { street: '1 Main St', city: 'Springfield' };
    const [event] = await append('customer', id, [
      new CustomerRecorded(
        id,
        { email: 'ada@example.com', address, name: 'Widget Ltd', phone: null, status: 'active' },
        { email: 'old@example.com', phone: '+1 555 0100', status: 'new' },
      ),
    ]);
    const payload = event.payload as Record<string, unknown>;
    expect(isPersonalDataEnvelope(payload.email)).toBe(true);
    expect(payload.email).toEqual({
      $pd: 1,
      s: id,
      f: 'email',
      iv: expect.any(String),
      ct: expect.any(String),
    });
    expect(isPersonalDataEnvelope(payload.address)).toBe(true);
    expect(payload).toMatchObject({ name: 'Widget Ltd', phone: null, status: 'active' });
    const previous = event.metadata.previous!;
    expect(isPersonalDataEnvelope(previous.email)).toBe(true);
    expect(isPersonalDataEnvelope(previous.phone)).toBe(true);
    expect(previous.status).toBe('new');

    const text = await storedText(event.eventId);
    for (const plain of ['ada@example.com', 'old@example.com', 'Main St', '555 0100'])
      expect(text).not.toContain(plain);
    const { rows } = await su.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store WHERE event_id = $1`,
      [event.eventId],
    );
    // what a verifier recomputes from the stored row: the hash covers the envelopes
    expect(eventHash(fromRow(rows[0]))).toBe(event.hash);

    expect(await openEnvelope(keys, payload.email as PersonalDataEnvelope, 'email')).toBe(
      'ada@example.com',
    );
    expect(await openEnvelope(keys, payload.address as PersonalDataEnvelope, 'address')).toEqual(
      address,
    );
    expect(await openEnvelope(keys, previous.phone as PersonalDataEnvelope, 'phone')).toBe(
      '+1 555 0100',
    );
    // an envelope moved to another field does not open
    await expect(
      openEnvelope(keys, payload.email as PersonalDataEnvelope, 'address'),
    ).rejects.toThrow(/could not be decrypted/);
    expect(await keyRows(id)).toEqual([{ subject_kind: 'person', erased_at: null }]);
  });

  it('gives one subject one key: the same value of a field seals to the same envelope', async () => {
    const id = randomUUID();
    const [first] = await append('customer', id, [
      new CustomerRecorded(id, { email: 'same@example.com' }),
    ]);
    const [second] = await append(
      'customer',
      id,
      [new CustomerRecorded(id, { email: 'same@example.com' })],
      1,
    );
    const [third] = await append(
      'customer',
      id,
      [new CustomerRecorded(id, { email: 'new@example.com' })],
      2,
    );
    expect(second.payload.email).toEqual(first.payload.email);
    expect(third.payload.email).not.toEqual(first.payload.email);
    expect(await keyRows(id)).toHaveLength(1);
  });

  it('finds the subject in a payload field, by alias, or in the month when there is none', async () => {
    const userId = randomUUID();
    const [session] = await append('session', randomUUID(), [
      new SessionOpened(randomUUID(), { userId, ipAddress: '203.0.113.9' }),
    ]);
    expect((session.payload.ipAddress as PersonalDataEnvelope).s).toBe(userId);
    expect(session.payload.userId).toBe(userId);
    expect(await keyRows(userId)).toEqual([{ subject_kind: 'person', erased_at: null }]);

    const [refused] = await append('refusal', randomUUID(), [
      new LoginRefused(randomUUID(), { login: 'Grace@Example.com ' }),
    ]);
    const alias = (refused.payload.login as PersonalDataEnvelope).s;
    expect(alias).toBe(protector.aliasOf('grace@example.com'));
    expect(alias).not.toBe(protector.aliasOf('other@example.com'));
    expect(await keyRows(alias)).toEqual([{ subject_kind: 'alias', erased_at: null }]);
    expect(await openEnvelope(keys, refused.payload.login as PersonalDataEnvelope, 'login')).toBe(
      'Grace@Example.com ',
    );

    const [anonymous] = await append('session', randomUUID(), [
      new SessionOpened(randomUUID(), { userId: null, ipAddress: '198.51.100.4' }),
    ]);
    const period = (anonymous.payload.ipAddress as PersonalDataEnvelope).s;
    expect(period).toBe(protector.period(new Date()).subjectId);
    expect(await keyRows(period)).toEqual([{ subject_kind: 'period', erased_at: null }]);
  });

  it('leaves events without personal fields as they are, and refuses a subject that is not a UUID', async () => {
    const id = randomUUID();
    const [plain] = await append('thing', id, [new Plain(id, { n: 1, email: 'x@y.z' })]);
    expect(plain.payload).toEqual({ n: 1, email: 'x@y.z' });
    await expect(
      append('session', id, [new SessionOpened(id, { userId: 'u-42', ipAddress: '10.0.0.1' })]),
    ).rejects.toThrow(/must be a UUID/);
    const { rows } = await su.query(
      `SELECT 1 FROM event_store WHERE stream_type = 'session' AND stream_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(0);
  });

  it('keeps no key of a rolled-back transaction, in the table or in memory', async () => {
    const id = randomUUID();
    await expect(
      ctx.run(SYSTEM_ACTOR, () =>
        db.transaction(async () => {
          await store.append({
            streamType: 'customer',
            streamId: id,
            expectedVersion: 0,
            events: [new CustomerRecorded(id, { email: 'gone@example.com' })],
          });
          throw new Error('rolled back');
        }),
      ),
    ).rejects.toThrow('rolled back');
    expect(await keyRows(id)).toHaveLength(0);
    expect(cache.get(id)).toBeUndefined();
    const [event] = await append('customer', id, [
      new CustomerRecorded(id, { email: 'kept@example.com' }),
    ]);
    cache.clear();
    expect(await openEnvelope(keys, event.payload.email as PersonalDataEnvelope, 'email')).toBe(
      'kept@example.com',
    );
  });

  it('creates one key when two transactions need a new subject at once', async () => {
    const userId = randomUUID();
    const events = await Promise.all(
      [1, 2, 3].map((n) =>
        append('session', randomUUID(), [
          new SessionOpened(randomUUID(), { userId, ipAddress: `10.0.0.${n}` }),
        ]),
      ),
    );
    expect(await keyRows(userId)).toHaveLength(1);
    cache.clear();
    const opened = await Promise.all(
      events.map(([e]) =>
        openEnvelope(keys, e.payload.ipAddress as PersonalDataEnvelope, 'ipAddress'),
      ),
    );
    expect(opened.sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('seals values of an erased subject under a key nobody keeps, and no role can bring a key back', async () => {
    const id = randomUUID();
    await append('customer', id, [new CustomerRecorded(id, { email: 'before@example.com' })]);
    await ctx.run(SYSTEM_ACTOR, () =>
      db.transaction(() =>
        db.manager.query(
          `UPDATE personal_data_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1`,
          [id],
        ),
      ),
    );
    cache.invalidate([id]);
    const [after] = await append(
      'customer',
      id,
      [new CustomerRecorded(id, { email: 'after@example.com' })],
      1,
    );
    expect(isPersonalDataEnvelope(after.payload.email)).toBe(true);
    expect(await storedText(after.eventId)).not.toContain('after@example.com');
    expect(
      await openEnvelope(keys, after.payload.email as PersonalDataEnvelope, 'email'),
    ).toBeNull();

    await expect(
      su.query(
        `UPDATE personal_data_keys SET wrapped_key = '\\x00', erased_at = NULL WHERE subject_id = $1`,
        [id],
      ),
    ).rejects.toThrow(/cannot be restored/);
    await expect(
      su.query(`DELETE FROM personal_data_keys WHERE subject_id = $1`, [id]),
    ).rejects.toThrow(/never deleted/);
    const live = randomUUID();
    await append('customer', live, [new CustomerRecorded(live, { email: 'live@example.com' })]);
    await expect(
      su.query(
        `UPDATE personal_data_keys SET wrapped_key = wrapped_key || '\\x00'::bytea WHERE subject_id = $1`,
        [live],
      ),
    ).rejects.toThrow(/can only be shredded/);
    await expect(
      ctx.run(SYSTEM_ACTOR, () =>
        db.transaction(() =>
          db.manager.query(`DELETE FROM personal_data_keys WHERE subject_id = $1`, [live]),
        ),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it("seals the request's address and user agent under the acting user's key, or the month's", async () => {
    const userId = randomUUID();
    const asRequest = (actor: typeof ANONYMOUS, ip: string) =>
      ctx.run(actor, async () => {
        cls.set('ip', ip);
        cls.set('userAgent', 'Mozilla/5.0 (X11; Linux) test');
        return db.transaction(() =>
          store.append({
            streamType: 'thing',
            streamId: randomUUID(),
            expectedVersion: 0,
            events: [new Plain(randomUUID(), { n: 1 })],
          }),
        );
      });
    const [byUser] = await asRequest(
      { ...ANONYMOUS, id: userId, type: 'user', roles: ['user'] },
      '203.0.113.50',
    );
    expect(byUser.metadata.ip).toMatchObject({ $pd: 1, s: userId, f: 'ip' });
    expect(byUser.metadata.userAgent).toMatchObject({ $pd: 1, s: userId, f: 'userAgent' });
    expect(byUser.metadata.actorId).toBe(userId);
    const [byNobody] = await asRequest(ANONYMOUS, '198.51.100.77');
    expect(byNobody.metadata.ip).toMatchObject({ s: protector.period(new Date()).subjectId });
    const [refusal] = await ctx.run(ANONYMOUS, async () => {
      cls.set('ip', '198.51.100.78');
      return db.transaction(() =>
        store.append({
          streamType: 'refusal',
          streamId: randomUUID(),
          expectedVersion: 0,
          events: [new LoginRefused(randomUUID(), { login: 'someone@x.test' })],
        }),
      );
    });
    // an anonymous sender's address goes with the person the event is about
    expect(refusal.metadata.ip).toMatchObject({ s: protector.aliasOf('someone@x.test') });
    for (const e of [byUser, byNobody]) {
      const text = await storedText(e.eventId);
      expect(text).not.toMatch(/203\.0\.113\.50|198\.51\.100\.77|Mozilla/);
    }
    const [revealed] = await reveal.revealAll([byUser.metadata]);
    expect(revealed).toMatchObject({
      ip: '203.0.113.50',
      userAgent: 'Mozilla/5.0 (X11; Linux) test',
    });
  });

  it('reveals envelopes at any depth in one lookup, erased ones as the marker, altered ones as unreadable', async () => {
    const kept = randomUUID();
    const gone = randomUUID();
    const [a] = await append('customer', kept, [
      new CustomerRecorded(kept, { email: 'kept@x.test', address: { city: 'Oslo' } }),
    ]);
    const [b] = await append('customer', gone, [
      new CustomerRecorded(gone, { email: 'gone@x.test' }),
    ]);
    await ctx.run(SYSTEM_ACTOR, () =>
      db.transaction(() =>
        db.manager.query(
          `UPDATE personal_data_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1`,
          [gone],
        ),
      ),
    );
    cache.invalidate([gone]);
    const altered = {
      ...(a.payload.email as PersonalDataEnvelope),
      ct: (b.payload.email as PersonalDataEnvelope).ct,
    };
    const entry = {
      newValues: { email: a.payload.email, address: a.payload.address, plain: 'as is' },
      changes: [{ field: 'email', old: b.payload.email, new: a.payload.email }],
      ip: altered,
      at: 3,
    };
    const before = JSON.stringify(entry);
    const [shown] = await reveal.revealAll([entry]);
    expect(shown).toEqual({
      newValues: { email: 'kept@x.test', address: { city: 'Oslo' }, plain: 'as is' },
      changes: [{ field: 'email', old: ERASED, new: 'kept@x.test' }],
      ip: UNREADABLE,
      at: 3,
    });
    expect(JSON.stringify(entry)).toBe(before);
    expect(await reveal.reveal({ nothing: 'personal' })).toEqual({ nothing: 'personal' });
  });

  it('shreds keys once, and shreds ahead a subject that never had one', async () => {
    const known = randomUUID();
    const unknown = randomUUID();
    const [event] = await append('customer', known, [
      new CustomerRecorded(known, { email: 'k@x.test' }),
    ]);
    const shred = (ids: string[]) =>
      ctx.run(SYSTEM_ACTOR, () => db.transaction(() => keys.shred(ids)));
    expect((await shred([known, unknown.toUpperCase()])).sort()).toEqual([known, unknown].sort());
    expect(await shred([known, unknown])).toEqual([]);
    expect(await keyRows(unknown)).toEqual([
      { subject_kind: 'person', erased_at: expect.any(Date) },
    ]);
    expect(await reveal.reveal(event.payload)).toMatchObject({ email: ERASED });
    const [later] = await append('customer', unknown, [
      new CustomerRecorded(unknown, { email: 'u@x.test' }),
    ]);
    expect(await reveal.reveal(later.payload)).toMatchObject({ email: ERASED });
    expect(await storedText(later.eventId)).not.toContain('u@x.test');
  });
});
