import { TestingModule } from '@nestjs/testing';
import { AggregateRoot, ConcurrencyError } from '@opsledger/ddd';
import { Db, RequestContext, RequestScope, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AggregateWriter } from './aggregate-writer';
import { KeyStore } from '@opsledger/auth';
import { EventStore } from './event-store';
import { LedgerMac } from './ledger-mac';
import {
  EVENT_COLUMNS,
  eventHash,
  EventRow,
  fromRow,
  LEDGER_START,
  LedgerCursor,
  StoredEvent,
} from './stored-event';
import {
  createEventStoreModule,
  deferred,
  failureOf,
  sleep,
  TestEvent,
  testEvents,
  userActor,
  waitForLockWaiters,
  burnXidsTo,
} from './testing/event-store-test-kit';

function compareCursor(a: LedgerCursor, b: LedgerCursor): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(a.position) - BigInt(b.position);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);

function driverCode(error: unknown): string | undefined {
  const e = error as { driverError?: { code?: string }; code?: string };
  return e.driverError?.code ?? e.code;
}

describe('EventStore (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let moduleRef: TestingModule;
  let store: EventStore;
  let db: Db;
  let ctx: RequestContext;
  let cls: RequestScope;
  let su: Client;

  /** A transaction of its own (own CLS frame, own pooled connection) as the system actor. */
  const tx = <T>(fn: () => Promise<T>): Promise<T> =>
    ctx.run(SYSTEM_ACTOR, () => db.transaction(fn));

  const rowsOf = async (streamType: string, streamId: string): Promise<StoredEvent[]> => {
    const { rows } = await su.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store WHERE stream_type = $1 AND stream_id = $2 ORDER BY stream_version`,
      [streamType, streamId],
    );
    return rows.map(fromRow);
  };

  const countAll = async (): Promise<number> =>
    (await su.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store`)).rows[0].n;

  /** Reads everything readCommitted hands out from `cursor` until it returns nothing. */
  const drain = async (
    cursor: LedgerCursor,
    limit = 50,
  ): Promise<{ events: StoredEvent[]; cursor: LedgerCursor }> => {
    const events: StoredEvent[] = [];
    for (;;) {
      const batch = await tx(() => store.readCommitted(cursor, limit));
      if (batch.length === 0) return { events, cursor };
      for (const e of batch) {
        expect(compareCursor(e, cursor)).toBe(1);
        cursor = { txId: e.txId, position: e.position };
        events.push(e);
      }
    }
  };

  /** Keeps reading from `cursor` until every wanted id was seen (or fails after a timeout). */
  const readUntil = async (
    cursor: LedgerCursor,
    wanted: string[],
    timeoutMs = 8000,
    limit = 50,
  ) => {
    const events: StoredEvent[] = [];
    const until = Date.now() + timeoutMs;
    for (;;) {
      const next = await drain(cursor, limit);
      events.push(...next.events);
      cursor = next.cursor;
      const ids = new Set(events.map((e) => e.eventId));
      if (wanted.every((id) => ids.has(id))) return { events, cursor };
      if (Date.now() > until)
        throw new Error(`reader never received ${wanted.filter((id) => !ids.has(id)).join(', ')}`);
      await sleep(10);
    }
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    moduleRef = await createEventStoreModule(tdb.url);
    store = moduleRef.get(EventStore);
    db = moduleRef.get(Db);
    ctx = moduleRef.get(RequestContext);
    cls = moduleRef.get(RequestScope);
    su = await superuserClient(tdb.url);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await su?.end();
    await tdb?.drop();
  });

  it('runs the application as the non-owner role', async () => {
    const rows = (await tx(() => db.manager.query(`SELECT current_user AS u`))) as Array<{
      u: string;
    }>;
    expect(rows[0].u).toBe('opsledger_app');
  });

  describe('append', () => {
    it('assigns stream versions 1..n, chains the hashes and stores the request metadata', async () => {
      const streamId = `wo-${randomUUID()}`;
      const tenantId = randomUUID();
      const userId = randomUUID();
      const correlationId = randomUUID();
      const appended = await ctx.run(userActor(userId, tenantId), async () => {
        cls.set('ip', '203.0.113.7');
        cls.set('userAgent', 'jest-agent/1.0');
        cls.set('correlationId', correlationId);
        const first = await store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: [
            new TestEvent(streamId, {
              title: 'Fix pump',
              at: new Date('2025-01-01T00:00:00.000Z'),
              skip: undefined,
            }),
            new TestEvent(
              streamId,
              { title: 'Fix the pump' },
              { title: 'Fix pump' },
              'test.thing.renamed.v1',
            ),
          ],
        });
        const second = await store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 2,
          events: testEvents(streamId, 2),
        });
        return [...first, ...second];
      });

      expect(appended.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      const rows = await rowsOf('work-order', streamId);
      expect(rows.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      expect(rows.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
      expect(rows.map((e) => e.hash)).toEqual(appended.map((e) => e.hash));
      // positions grow within the stream
      for (let i = 1; i < rows.length; i++)
        expect(BigInt(rows[i].position)).toBeGreaterThan(BigInt(rows[i - 1].position));

      // hash chain: first has no predecessor, every other points at its predecessor's hash,
      // and every hash recomputes from the stored content
      expect(rows[0].prevHash).toBeNull();
      for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
      for (const row of rows) {
        expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(eventHash(row)).toBe(row.hash);
      }
      expect(new Set(rows.map((r) => r.hash)).size).toBe(4);

      // payload as JSON: undefined dropped, dates as ISO strings
      expect(rows[0].payload).toEqual({ title: 'Fix pump', at: '2025-01-01T00:00:00.000Z' });
      expect(rows[1].eventType).toBe('test.thing.renamed.v1');
      expect(rows[1].schemaVersion).toBe(1);

      for (const row of rows) {
        expect(row.tenantId).toBe(tenantId);
        expect(row.metadata).toMatchObject({
          actorId: userId,
          actorType: 'user',
          tenantId,
          ip: '203.0.113.7',
          userAgent: 'jest-agent/1.0',
          correlationId,
          causationId: null,
          result: 'success',
          error: null,
        });
      }
      expect(rows[0].metadata.previous).toBeNull();
      expect(rows[1].metadata.previous).toEqual({ title: 'Fix pump' });

      // readStream (through the app role) returns the same
      const read = await tx(() => store.readStream('work-order', streamId));
      expect(read).toEqual(rows);
    });

    it('authenticates each event with a MAC over its position, transaction id and hash, keyed by the newest platform key', async () => {
      const mac = moduleRef.get(LedgerMac);
      const keys = moduleRef.get(KeyStore);
      const streamId = `wo-${randomUUID()}`;
      await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 2),
        }),
      );
      const before = keys.active.kid;
      await keys.rotate();
      await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 2,
          events: testEvents(streamId, 1),
        }),
      );
      const rows = await rowsOf('work-order', streamId);
      expect(rows.map((r) => r.macKeyId)).toEqual([before, before, keys.active.kid]);
      for (const row of rows) {
        expect(row.mac).toMatch(/^[0-9a-f]{64}$/);
        expect(mac.check(row)).toBe('valid');
      }
      // every part the MAC binds: moved, re-ordered or re-hashed events fail without the key
      expect(mac.check({ ...rows[0], position: rows[1].position })).toBe('mismatch');
      expect(mac.check({ ...rows[0], txId: String(BigInt(rows[0].txId) + 1n) })).toBe('mismatch');
      expect(mac.check({ ...rows[0], hash: rows[1].hash })).toBe('mismatch');
      expect(mac.check({ ...rows[0], mac: null })).toBe('missing');
      expect(mac.check({ ...rows[0], macKeyId: 'retired-key' })).toBe('unknown-key');
    });

    it('keeps stored hashes verifiable when ids are given in a non-canonical uuid spelling', async () => {
      const streamId = `wo-${randomUUID()}`;
      const tenantId = randomUUID().toUpperCase();
      const eventIds = [randomUUID().toUpperCase(), `{${randomUUID()}}`];
      await ctx.run(userActor(randomUUID(), tenantId), () =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 2),
          eventIds,
          tenantId,
        }),
      );
      const rows = await rowsOf('work-order', streamId);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(eventHash(row)).toBe(row.hash);
      expect(rows[1].prevHash).toBe(rows[0].hash);
    });

    it('takes an explicit tenant and metadata overrides over the request context', async () => {
      const streamId = `wo-${randomUUID()}`;
      const tenantId = randomUUID();
      await ctx.run(SYSTEM_ACTOR, () =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
          tenantId,
          metadata: { result: 'denied', error: 'X.DENIED: no' },
        }),
      );
      const [row] = await rowsOf('work-order', streamId);
      expect(row.tenantId).toBe(tenantId);
      expect(row.metadata).toMatchObject({
        actorType: 'system',
        actorId: null,
        tenantId: null,
        result: 'denied',
        error: 'X.DENIED: no',
      });
      expect(row.metadata.correlationId).toEqual(expect.any(String));
      expect(eventHash(row)).toBe(row.hash);
    });

    it('rejects a stale or a future expected version with a ConcurrencyError and writes nothing', async () => {
      const streamId = `wo-${randomUUID()}`;
      await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 2),
        }),
      );
      const before = await countAll();

      for (const expectedVersion of [0, 1, 3]) {
        const error = await failureOf(
          tx(() =>
            store.append({
              streamType: 'work-order',
              streamId,
              expectedVersion,
              events: testEvents(streamId, 1),
            }),
          ),
        );
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).kind).toBe('conflict');
        expect((error as ConcurrencyError).details).toEqual({ expectedVersion });
      }
      const ifMatch = await failureOf(
        tx(() =>
          store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 1,
            events: testEvents(streamId, 1),
            ifMatch: true,
          }),
        ),
      );
      expect(ifMatch).toBeInstanceOf(ConcurrencyError);
      expect((ifMatch as ConcurrencyError).kind).toBe('precondition_failed');

      // a new stream must be appended at 0
      const fresh = `wo-${randomUUID()}`;
      expect(
        await failureOf(
          tx(() =>
            store.append({
              streamType: 'work-order',
              streamId: fresh,
              expectedVersion: 1,
              events: testEvents(fresh, 1),
            }),
          ),
        ),
      ).toBeInstanceOf(ConcurrencyError);

      expect(await countAll()).toBe(before);
      expect((await rowsOf('work-order', streamId)).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('lets exactly one of two overlapping transactions append at the same version; the loser gets a ConcurrencyError', async () => {
      const streamId = `wo-${randomUUID()}`;
      await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
        }),
      );

      const aAppended = deferred<StoredEvent[]>();
      const aRelease = deferred();
      const a = tx(async () => {
        aAppended.resolve(
          await store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 1,
            events: testEvents(streamId, 2),
          }),
        );
        await aRelease.promise;
      });
      const aEvents = await aAppended.promise;
      // B read version 1 too (A is uncommitted), so its insert waits on A's unique key
      const b = tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 1,
          events: testEvents(streamId, 1),
        }),
      );
      const bOutcome = b.then(
        () => 'fulfilled',
        (error: unknown) => error,
      );
      await waitForLockWaiters(su, tdb.name);
      aRelease.resolve();
      await a;

      const bError = await bOutcome;
      expect(bError).toBeInstanceOf(ConcurrencyError);
      expect((bError as ConcurrencyError).code).toBe('CONCURRENCY.STALE_VERSION');

      const rows = await rowsOf('work-order', streamId);
      expect(rows.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(rows.slice(1).map((e) => e.eventId)).toEqual(aEvents.map((e) => e.eventId));
      expect(rows[1].prevHash).toBe(rows[0].hash);
    });

    it('lets exactly one of many transactions started in parallel win', async () => {
      const streamId = `wo-${randomUUID()}`;
      const contenders = 6;
      let started = 0;
      const allStarted = deferred();
      const outcomes = await Promise.allSettled(
        Array.from({ length: contenders }, (_, i) =>
          tx(async () => {
            await db.manager.query('SELECT 1');
            if (++started === contenders) allStarted.resolve();
            await allStarted.promise;
            return store.append({
              streamType: 'work-order',
              streamId,
              expectedVersion: 0,
              events: testEvents(streamId, 2, () => ({ contender: i })),
            });
          }),
        ),
      );
      const won = outcomes.filter(
        (o): o is PromiseFulfilledResult<StoredEvent[]> => o.status === 'fulfilled',
      );
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(contenders - 1);
      for (const l of lost) expect(l.reason).toBeInstanceOf(ConcurrencyError);

      const rows = await rowsOf('work-order', streamId);
      expect(rows.map((e) => e.eventId)).toEqual(won[0].value.map((e) => e.eventId));
      expect(rows.map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('is idempotent for the same event ids: returns the stored events and writes nothing new', async () => {
      const streamId = `wo-${randomUUID()}`;
      const eventIds = [randomUUID(), randomUUID()];
      const committed: StoredEvent[][] = [];
      const unsubscribe = store.onCommitted((events) => committed.push(events));
      try {
        const first = await tx(() =>
          store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 0,
            events: testEvents(streamId, 2),
            eventIds,
          }),
        );
        expect(first.map((e) => e.eventId)).toEqual(eventIds);
        expect(committed).toHaveLength(1);
        const before = await countAll();

        // the retry: same ids, same (now stale) expected version, fresh event objects
        const retry = await tx(() =>
          store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 0,
            events: testEvents(streamId, 2),
            eventIds,
          }),
        );
        expect(retry).toEqual(first);
        expect(await countAll()).toBe(before);
        expect(committed).toHaveLength(1);

        // a further append continues the stream normally
        await tx(() =>
          store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 2,
            events: testEvents(streamId, 1),
          }),
        );
        expect((await rowsOf('work-order', streamId)).map((e) => e.streamVersion)).toEqual([
          1, 2, 3,
        ]);
      } finally {
        unsubscribe();
      }
    });

    it('answers a retry racing the original append (same event ids) with a ConcurrencyError, not a driver error', async () => {
      const streamId = `wo-${randomUUID()}`;
      const eventIds = [randomUUID()];
      const aAppended = deferred();
      const aRelease = deferred();
      const a = tx(async () => {
        await store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
          eventIds,
        });
        aAppended.resolve();
        await aRelease.promise;
      });
      await aAppended.promise;
      const b = tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
          eventIds,
        }),
      ).then(
        () => 'fulfilled',
        (error: unknown) => error,
      );
      await waitForLockWaiters(su, tdb.name);
      aRelease.resolve();
      await a;
      expect(await b).toBeInstanceOf(ConcurrencyError);

      // and the retry after the race is the idempotent no-op
      const again = await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
          eventIds,
        }),
      );
      expect(again.map((e) => e.eventId)).toEqual(eventIds);
      expect(await rowsOf('work-order', streamId)).toHaveLength(1);
    });

    it('runs inside the caller transaction: a rollback leaves no event behind', async () => {
      const streamId = `wo-${randomUUID()}`;
      const before = await countAll();
      const boom = new Error('boom');
      await expect(
        tx(async () => {
          await store.append({
            streamType: 'work-order',
            streamId,
            expectedVersion: 0,
            events: testEvents(streamId, 3),
          });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await countAll()).toBe(before);
    });
  });

  describe('append-only', () => {
    let target: StoredEvent;

    beforeAll(async () => {
      const streamId = `wo-${randomUUID()}`;
      [target] = await tx(() =>
        store.append({
          streamType: 'work-order',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
        }),
      );
    });

    const unchanged = async () => {
      const rows = await rowsOf(target.streamType, target.streamId);
      expect(rows).toHaveLength(1);
      expect(rows[0].payload).toEqual(target.payload);
      expect(eventHash(rows[0])).toBe(target.hash);
    };

    it.each([
      ['UPDATE', `UPDATE event_store SET payload = '{"tampered":true}' WHERE event_id = $1`],
      ['DELETE', `DELETE FROM event_store WHERE event_id = $1`],
      ['TRUNCATE', `TRUNCATE event_store`],
    ])('refuses %s through the application connection', async (_op, sql) => {
      const params = sql.includes('$1') ? [target.eventId] : [];
      const error = await failureOf(tx(() => db.manager.query(sql, params)));
      expect(driverCode(error)).toBe('42501');
      expect(String((error as Error).message)).toMatch(/permission denied|append-only/);
      await unchanged();
    });

    it('grants the application role SELECT and INSERT only', async () => {
      const { rows } = await su.query<Record<string, boolean>>(
        `SELECT has_table_privilege('opsledger_app', 'event_store', 'SELECT') AS "select",
                has_table_privilege('opsledger_app', 'event_store', 'INSERT') AS "insert",
                has_table_privilege('opsledger_app', 'event_store', 'UPDATE') AS "update",
                has_table_privilege('opsledger_app', 'event_store', 'DELETE') AS "delete",
                has_table_privilege('opsledger_app', 'event_store', 'TRUNCATE') AS "truncate"`,
      );
      expect(rows[0]).toEqual({
        select: true,
        insert: true,
        update: false,
        delete: false,
        truncate: false,
      });
    });

    it.each([
      ['UPDATE', `UPDATE event_store SET payload = '{"tampered":true}' WHERE event_id = $1`],
      ['UPDATE', `UPDATE event_store SET hash = repeat('0', 64)`],
      ['DELETE', `DELETE FROM event_store WHERE event_id = $1`],
      ['DELETE', `DELETE FROM event_store`],
      ['TRUNCATE', `TRUNCATE event_store`],
      ['TRUNCATE', `TRUNCATE event_store CASCADE`],
    ])('refuses %s even to the superuser (trigger): %s', async (op, sql) => {
      const { rows } = await su.query<{ s: boolean }>(
        `SELECT usesuper AS s FROM pg_user WHERE usename = current_user`,
      );
      expect(rows[0].s).toBe(true);
      const before = await countAll();
      const params = sql.includes('$1') ? [target.eventId] : [];
      const error = await failureOf(su.query(sql, params));
      expect((error as Error).message).toContain(`event_store is append-only: ${op} refused`);
      expect(await countAll()).toBe(before);
      await unchanged();
    });
  });

  describe('readCommitted', () => {
    it('holds back events that sort after a transaction still in flight, and delivers both once it commits', async () => {
      const start = (await drain(LEDGER_START)).cursor;
      const sA = `a-${randomUUID()}`;
      const sB = `b-${randomUUID()}`;

      const aAppended = deferred<StoredEvent[]>();
      const aRelease = deferred();
      const a = tx(async () => {
        aAppended.resolve(
          await store.append({
            streamType: 'ooo',
            streamId: sA,
            expectedVersion: 0,
            events: testEvents(sA, 1),
          }),
        );
        await aRelease.promise;
      });
      const [aEvent] = await aAppended.promise;
      const [bEvent] = await tx(() =>
        store.append({
          streamType: 'ooo',
          streamId: sB,
          expectedVersion: 0,
          events: testEvents(sB, 1),
        }),
      );
      // A drew the lower position and the lower transaction id, B committed first
      expect(BigInt(aEvent.position)).toBeLessThan(BigInt(bEvent.position));
      expect(BigInt(aEvent.txId)).toBeLessThan(BigInt(bEvent.txId));

      const whileOpen = await drain(start);
      const idsWhileOpen = whileOpen.events.map((e) => e.eventId);
      expect(idsWhileOpen).not.toContain(aEvent.eventId);
      // handing out B now would move the cursor past A, which sorts before it
      expect(idsWhileOpen).not.toContain(bEvent.eventId);

      aRelease.resolve();
      await a;
      const after = await readUntil(whileOpen.cursor, [aEvent.eventId, bEvent.eventId]);
      const ids = after.events.map((e) => e.eventId);
      expect(ids.filter((id) => id === aEvent.eventId)).toHaveLength(1);
      expect(ids.filter((id) => id === bEvent.eventId)).toHaveLength(1);
      expect(ids.indexOf(aEvent.eventId)).toBeLessThan(ids.indexOf(bEvent.eventId));
    });

    it('never skips an event that commits late with a lower position (a position cursor would)', async () => {
      const start = (await drain(LEDGER_START)).cursor;
      const sA = `a-${randomUUID()}`;
      const sB = `b-${randomUUID()}`;

      // B takes its transaction id first; A then draws the lower position; B commits, A stays open
      const bHasXid = deferred();
      const bGo = deferred();
      const b = tx(async () => {
        await db.manager.query('SELECT pg_current_xact_id()');
        bHasXid.resolve();
        await bGo.promise;
        return store.append({
          streamType: 'ooo',
          streamId: sB,
          expectedVersion: 0,
          events: testEvents(sB, 1),
        });
      });
      await bHasXid.promise;
      const aAppended = deferred<StoredEvent[]>();
      const aRelease = deferred();
      const a = tx(async () => {
        aAppended.resolve(
          await store.append({
            streamType: 'ooo',
            streamId: sA,
            expectedVersion: 0,
            events: testEvents(sA, 1),
          }),
        );
        await aRelease.promise;
      });
      const [aEvent] = await aAppended.promise;
      bGo.resolve();
      const [bEvent] = await b;
      expect(BigInt(aEvent.position)).toBeLessThan(BigInt(bEvent.position));
      expect(BigInt(aEvent.txId)).toBeGreaterThan(BigInt(bEvent.txId));

      // the reader consumes whatever it is given while A is in flight
      const first = await drain(start);
      expect(first.events.map((e) => e.eventId)).not.toContain(aEvent.eventId);

      aRelease.resolve();
      await a;
      const rest = await readUntil(first.cursor, [
        aEvent.eventId,
        ...(first.events.some((e) => e.eventId === bEvent.eventId) ? [] : [bEvent.eventId]),
      ]);
      const ids = [...first.events, ...rest.events].map((e) => e.eventId);
      expect(ids.filter((id) => id === aEvent.eventId)).toHaveLength(1);
      expect(ids.filter((id) => id === bEvent.eventId)).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('orders by transaction id as a number, also across a power of ten (999 < 1000)', async () => {
      const append1 = (streamId: string) =>
        tx(() =>
          store.append({
            streamType: 'xid',
            streamId,
            expectedVersion: 0,
            events: testEvents(streamId, 1),
          }),
        );
      const before: StoredEvent[] = [];
      for (let i = 0; i < 3; i++) before.push(...(await append1(`before-${randomUUID()}`)));
      const { rows } = await su.query<{ x: string }>(`SELECT pg_current_xact_id()::text AS x`);
      const boundary = 10n ** BigInt(rows[0].x.length); // the next power of ten
      // ~300k ids a second: cheap on the throwaway cluster, skipped on a long-lived server far from one
      const straddle = boundary - BigInt(rows[0].x) <= 1_500_000n;
      if (straddle) await burnXidsTo(su, boundary);
      const after: StoredEvent[] = [];
      for (let i = 0; i < 3; i++) after.push(...(await append1(`after-${randomUUID()}`)));
      if (straddle) {
        expect(BigInt(before[2].txId)).toBeLessThan(boundary);
        expect(BigInt(after[0].txId)).toBeGreaterThanOrEqual(boundary);
      }

      // small batches, so batch boundaries fall between the two groups
      const { events } = await readUntil(LEDGER_START, ids([...before, ...after]), 8000, 2);
      const seen = ids(events);
      expect(new Set(seen).size).toBe(seen.length);
      const table = await su.query<{ event_id: string }>(
        `SELECT event_id FROM event_store ORDER BY tx_id, position`,
      );
      expect(seen).toEqual(table.rows.map((r) => r.event_id).slice(0, seen.length));
      expect(seen.indexOf(before[2].eventId)).toBeLessThan(seen.indexOf(after[0].eventId));
    });

    it('hands a concurrent reader every committed event exactly once under 8 racing writers, while sessions elsewhere hold transaction ids', async () => {
      const start = (await drain(LEDGER_START)).cursor;
      // Older than every writer's id: before the horizon was bounded, they stopped the reader.
      const elsewhere = await createTestDatabase();
      const foreign = await superuserClient(elsewhere.url);
      const local = await superuserClient(tdb.url);
      await foreign.query('BEGIN');
      await foreign.query('SELECT pg_current_xact_id()');
      await local.query('BEGIN');
      await local.query('SELECT pg_current_xact_id()');
      const writers = 8;
      const perWriter = 25;
      const rand = (n: number) => Math.floor(Math.random() * n);
      const committed: string[] = [];
      const aborted: string[] = [];
      class Abort extends Error {}

      const writer = async (w: number) => {
        const streamId = `stress-${w}-${randomUUID()}`;
        let version = 0;
        while (version < perWriter) {
          const n = Math.min(perWriter - version, 1 + rand(3));
          const abort = Math.random() < 0.1;
          let stored: StoredEvent[] = [];
          try {
            await tx(async () => {
              // sometimes take the transaction id long before the position is drawn
              if (Math.random() < 0.5) await db.manager.query('SELECT pg_current_xact_id()');
              await sleep(rand(4));
              stored = await store.append({
                streamType: 'stress',
                streamId,
                expectedVersion: version,
                events: testEvents(streamId, n),
              });
              await sleep(rand(6));
              if (abort) throw new Abort();
            });
          } catch (error) {
            if (!(error instanceof Abort)) throw error;
            aborted.push(...stored.map((e) => e.eventId));
            continue;
          }
          committed.push(...stored.map((e) => e.eventId));
          version += n;
        }
        return streamId;
      };

      let writing = true;
      const seen: StoredEvent[] = [];
      let outOfPositionOrder = 0;
      const reader = (async () => {
        let cursor = start;
        let maxPosition = 0n;
        const until = Date.now() + 15000;
        for (;;) {
          const batch = await tx(() => store.readCommitted(cursor, 50));
          for (const e of batch) {
            expect(compareCursor(e, cursor)).toBe(1);
            cursor = { txId: e.txId, position: e.position };
            if (BigInt(e.position) < maxPosition) outOfPositionOrder++;
            else maxPosition = BigInt(e.position);
            seen.push(e);
          }
          if (batch.length > 0) continue;
          if (!writing) {
            const ids = new Set(seen.map((e) => e.eventId));
            if (committed.every((id) => ids.has(id))) return;
          }
          if (Date.now() > until) return;
          await sleep(rand(3));
        }
      })();

      const streams = await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      writing = false;
      await reader;
      // both still open: the reader got everything past them
      expect(
        (await foreign.query(`SELECT pg_current_xact_id_if_assigned() AS x`)).rows[0].x,
      ).not.toBeNull();
      await local.query('ROLLBACK');
      await local.end();
      await foreign.query('ROLLBACK');
      await foreign.end();
      await elsewhere.drop();

      const stress = seen.filter((e) => e.streamType === 'stress');
      const seenIds = stress.map((e) => e.eventId);
      expect(committed).toHaveLength(writers * perWriter);
      expect(new Set(seenIds).size).toBe(seenIds.length); // no duplicates
      expect(new Set(seenIds)).toEqual(new Set(committed)); // none missing, none extra
      for (const id of aborted) expect(seenIds).not.toContain(id);
      // the reader saw them in commit order, exactly as the table orders them
      const { rows } = await su.query<{ event_id: string }>(
        `SELECT event_id FROM event_store WHERE stream_type = 'stress' ORDER BY tx_id, position`,
      );
      expect(seenIds).toEqual(rows.map((r) => r.event_id));
      // the race did happen: positions were handed out in an order different from commit order
      expect(outOfPositionOrder).toBeGreaterThan(0);

      for (const streamId of streams) {
        const events = await rowsOf('stress', streamId);
        expect(events.map((e) => e.streamVersion)).toEqual(
          Array.from({ length: perWriter }, (_, i) => i + 1),
        );
        for (let i = 0; i < events.length; i++) {
          expect(eventHash(events[i])).toBe(events[i].hash);
          expect(events[i].prevHash).toBe(i === 0 ? null : events[i - 1].hash);
        }
      }
    });
  });

  describe('the ledger-writer lock', () => {
    const rawInsert = (client: Client) =>
      client.query(
        `INSERT INTO event_store (event_id, stream_type, stream_id, stream_version, event_type, payload, metadata, occurred_at, hash, mac, mac_key_id)
         VALUES ($1, 'raw', $2, 1, 'test.raw.v1', '{}', '{}', now(), repeat('0', 64), repeat('0', 64), 'forged')`,
        [randomUUID(), randomUUID()],
      );

    it('refuses an append from a transaction that did not register as a ledger writer', async () => {
      const before = await countAll();
      const error = await failureOf(rawInsert(su));
      expect(String((error as Error).message)).toContain('ledger-writer transaction');
      expect(await countAll()).toBe(before);
    });

    it('refuses to register a transaction that already has an id, so no reader can pass it by', async () => {
      await su.query('BEGIN');
      try {
        await su.query('SELECT pg_current_xact_id()');
        const error = await failureOf(su.query('SELECT ledger_writer_begin()'));
        expect(String((error as Error).message)).toContain('before the transaction has an id');
      } finally {
        await su.query('ROLLBACK');
      }
      await su.query('BEGIN');
      try {
        await su.query('SELECT ledger_writer_begin()');
        await rawInsert(su);
      } finally {
        await su.query('ROLLBACK');
      }
    });

    it('holds readers at an open ledger writer, and at nothing else', async () => {
      const start = (await drain(LEDGER_START)).cursor;
      const other = await superuserClient(tdb.url);
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const held = deferred();
      const release = deferred();
      const streamId = `held-${randomUUID()}`;
      const writer = tx(async () => {
        await db.manager.query('SELECT pg_current_xact_id()');
        held.resolve();
        await release.promise;
        return store.append({
          streamType: 'held',
          streamId,
          expectedVersion: 0,
          events: testEvents(streamId, 1),
        });
      });
      try {
        await held.promise;
        const later = `later-${randomUUID()}`;
        const [after] = await tx(() =>
          store.append({
            streamType: 'held',
            streamId: later,
            expectedVersion: 0,
            events: testEvents(later, 1),
          }),
        );
        expect((await drain(start)).events.map((e) => e.eventId)).not.toContain(after.eventId);
        release.resolve();
        const [first] = await writer;
        const read = await readUntil(start, [first.eventId, after.eventId]);
        const order = read.events.map((e) => e.eventId);
        expect(order.indexOf(first.eventId)).toBeLessThan(order.indexOf(after.eventId));
        // the plain transaction that is still open holds back nothing
        expect(
          (await other.query(`SELECT pg_current_xact_id_if_assigned() AS x`)).rows[0].x,
        ).not.toBeNull();
      } finally {
        release.resolve();
        await writer.catch(() => undefined);
        await other.query('ROLLBACK');
        await other.end();
      }
    });
  });

  describe('AggregateWriter', () => {
    class Thing extends AggregateRoot {
      readonly streamType = 'thing';
      constructor(id: string, version: number) {
        super(id, version);
      }
      rename(name: string): void {
        this.record(new TestEvent(this.id, { name }));
      }
    }

    /** The round trips of each of `n` saves (ReadyForQuery messages on the pooled connections). */
    const tripsOf = async (n: number, save: (i: number) => Promise<unknown>): Promise<number[]> => {
      let trips = 0;
      const count = () => (trips += 1);
      const pool = (moduleRef.get(DataSource).driver as unknown as { master: EventEmitter }).master;
      const listen = (client: { connection: EventEmitter }) => {
        client.connection.removeListener('readyForQuery', count);
        client.connection.on('readyForQuery', count);
      };
      pool.on('acquire', listen);
      const perSave: number[] = [];
      try {
        for (let i = 0; i < n; i++) {
          trips = 0;
          await save(i);
          perSave.push(trips);
        }
      } finally {
        pool.removeListener('acquire', listen);
      }
      return perSave;
    };

    /** Versions 1..n, each event chained to the one before, its hash and MAC intact. */
    const expectIntactChain = (stored: StoredEvent[]) => {
      const mac = moduleRef.get(LedgerMac);
      stored.forEach((e, i) => {
        expect(e.streamVersion).toBe(i + 1);
        expect(e.prevHash).toBe(i === 0 ? null : stored[i - 1].hash);
        expect(eventHash(e)).toBe(e.hash);
        expect(mac.check(e)).toBe('valid');
      });
    };

    it('appends the events with the state write and refuses a stale state guard', async () => {
      const writer = moduleRef.get(AggregateWriter);
      const id = randomUUID();
      const thing = new Thing(id, 0);
      thing.rename('a');
      thing.rename('b');
      await ctx.run(SYSTEM_ACTOR, () =>
        writer.save(
          thing,
          null,
          async (w) => w.expectedVersion === 0 && w.nextVersion === 2 && w.isNew,
        ),
      );
      expect(thing.version).toBe(2);
      expect(thing.uncommittedEvents).toHaveLength(0);
      expect((await rowsOf('thing', id)).map((e) => e.payload)).toEqual([
        { name: 'a' },
        { name: 'b' },
      ]);

      thing.rename('c');
      const error = await failureOf(
        ctx.run(SYSTEM_ACTOR, () => writer.save(thing, null, async () => false)),
      );
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(thing.version).toBe(2);
      expect(await rowsOf('thing', id)).toHaveLength(2);
    });

    /**
     * A save with the head read at the load: `load` stands for the locking read that carries
     * the head, `write` for the state write that carries the append.
     */
    const saveWithHead = (thing: Thing, count: number, written = true) =>
      ctx.run(SYSTEM_ACTOR, () =>
        db.transaction(async () => {
          const writer = moduleRef.get(AggregateWriter);
          const loaded = await writer.loadForChange('thing', thing.id, count, async () => {
            await db.manager.query(`SELECT $1::uuid AS id`, [thing.id]);
            return thing;
          });
          await writer.save(loaded!, null, async (w) => {
            await w.manager.query(`SELECT $1::int AS next`, [w.nextVersion]);
            return written;
          });
        }),
      );

    it('with the head read at the load, chains and MACs the events the state write carried', async () => {
      const id = randomUUID();
      const thing = new Thing(id, 0);
      // the first saves prepare the statements on their connections (the append runs alone),
      // the later ones carry it: every way gives the same chain
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
        thing.rename(name);
        await saveWithHead(thing, 1);
      }
      // once the connection has them prepared, the whole save is three round trips: the load
      // with BEGIN, the scope and the head; the state write with the append; COMMIT
      const perSave = await tripsOf(4, (i) => {
        thing.rename(`again ${i}`);
        return saveWithHead(thing, 1);
      });
      expect(perSave.at(-1)).toBe(3);
      // a head read for another count is left aside: the append reads its own
      thing.rename('g');
      thing.rename('h');
      await saveWithHead(thing, 1);
      expect(thing.version).toBe(12);
      const stored = await rowsOf('thing', id);
      expect(stored.map((e) => e.payload)).toEqual(
        ['a', 'b', 'c', 'd', 'e', 'f', 'again 0', 'again 1', 'again 2', 'again 3', 'g', 'h'].map(
          (name) => ({ name }),
        ),
      );
      expectIntactChain(stored);
    });

    describe('a state write guarded in SQL (StateWrite.guarded)', () => {
      beforeAll(async () => {
        await su.query(
          `CREATE TABLE guarded_things (id uuid PRIMARY KEY, version int NOT NULL, name text)`,
        );
        await su.query(`GRANT SELECT, INSERT, UPDATE ON guarded_things TO opsledger_app`);
      });

      /** Loads the row with the ledger head, then renames it guarded by its version. */
      const renameGuarded = (thing: Thing, name: string) =>
        ctx.run(SYSTEM_ACTOR, () =>
          db.transaction(async () => {
            const writer = moduleRef.get(AggregateWriter);
            const loaded = await writer.loadForChange('thing', thing.id, 1, async () => {
              await db.manager.query(
                `SELECT version FROM guarded_things WHERE id = $1 FOR UPDATE`,
                [thing.id],
              );
              return thing;
            });
            loaded!.rename(name);
            await writer.save(loaded!, null, async (w) => {
              await w.guarded(
                `WITH u AS (UPDATE guarded_things SET name = $3, version = $4
                             WHERE id = $1 AND version = $2 RETURNING 1)
                 SELECT expect_written(count(*)) FROM u`,
                [thing.id, w.expectedVersion, name, w.nextVersion],
              );
              return true;
            });
          }),
        );

      it('commits with its events in the round trip of the COMMIT: two round trips a save', async () => {
        const id = randomUUID();
        await su.query(`INSERT INTO guarded_things (id, version) VALUES ($1, 0)`, [id]);
        const thing = new Thing(id, 0);
        for (const name of ['a', 'b', 'c']) await renameGuarded(thing, name);
        const perSave = await tripsOf(4, (i) => renameGuarded(thing, `again ${i}`));
        // the load with BEGIN, the scope and the head; the state write and the append with COMMIT
        expect(perSave.at(-1)).toBe(2);
        const { rows } = await su.query<{ name: string; version: number }>(
          `SELECT name, version FROM guarded_things WHERE id = $1`,
          [id],
        );
        expect(rows).toEqual([{ name: 'again 3', version: 7 }]);
        const stored = await rowsOf('thing', id);
        expect(stored.map((e) => e.payload)).toEqual(
          ['a', 'b', 'c', 'again 0', 'again 1', 'again 2', 'again 3'].map((name) => ({ name })),
        );
        expectIntactChain(stored);
      });

      it('a row that moved on is a ConcurrencyError, and neither the row nor the ledger changes', async () => {
        const id = randomUUID();
        await su.query(`INSERT INTO guarded_things (id, version) VALUES ($1, 0)`, [id]);
        const thing = new Thing(id, 0);
        await renameGuarded(thing, 'a');
        // someone else wrote the row (not through the ledger): its version is no longer 1
        await su.query(`UPDATE guarded_things SET version = 50, name = 'theirs' WHERE id = $1`, [
          id,
        ]);
        // three times: the first may run the statements alone (prepared on another
        // connection or not), the later ones send them ahead of the COMMIT
        for (let i = 0; i < 3; i++) {
          const stale = new Thing(id, 1);
          expect(await failureOf(renameGuarded(stale, `mine ${i}`))).toBeInstanceOf(
            ConcurrencyError,
          );
        }
        const { rows } = await su.query<{ name: string }>(
          `SELECT name FROM guarded_things WHERE id = $1`,
          [id],
        );
        expect(rows).toEqual([{ name: 'theirs' }]);
        expect((await rowsOf('thing', id)).map((e) => e.payload)).toEqual([{ name: 'a' }]);
      });
    });

    it('with the head read at the load, a stale guard or a moved stream writes no event', async () => {
      const id = randomUUID();
      const thing = new Thing(id, 0);
      thing.rename('a');
      await saveWithHead(thing, 1);
      // three times: the later saves carry the append (prepared), and still nothing stays
      for (let i = 0; i < 3; i++) {
        const stale = new Thing(id, 1);
        stale.rename(`stale ${i}`);
        expect(await failureOf(saveWithHead(stale, 1, false))).toBeInstanceOf(ConcurrencyError);
      }
      // an aggregate loaded at an older version than the stream's head
      const behind = new Thing(id, 0);
      behind.rename('late');
      expect(await failureOf(saveWithHead(behind, 1))).toBeInstanceOf(ConcurrencyError);
      expect((await rowsOf('thing', id)).map((e) => e.payload)).toEqual([{ name: 'a' }]);
    });
  });
});
