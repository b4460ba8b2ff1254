import { TestingModule } from '@nestjs/testing';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import {
  createTestDatabase,
  superuserClient,
  TestDatabase,
  waitForLedgerHorizon,
} from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventStore } from './event-store';
import { Projection } from './projection';
import { PROJECTION_LAG_SQL, ProjectionRunner } from './projection-runner';
import { EVENT_COLUMNS, EventRow, fromRow, StoredEvent } from './stored-event';
import {
  createEventStoreModule,
  sleep,
  TestEvent,
  testEvents,
} from './testing/event-store-test-kit';

/**
 * A read model in real tables: per stream, how many events and the last version seen, plus a
 * log of the events applied. Idempotent: a redelivered event changes nothing. Every delivery
 * is also recorded in memory, so duplicates in delivery are visible even when the tables
 * absorb them.
 */
class StreamCountProjection implements Projection {
  readonly delivered: StoredEvent[] = [];
  resets = 0;
  failOn: ((e: StoredEvent) => boolean) | null = null;

  constructor(
    readonly name: string,
    private readonly db: Db,
    readonly eventTypes?: readonly string[],
  ) {}

  async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const e of events) {
      this.delivered.push(e);
      await this.db.manager.query(
        `INSERT INTO test_projection_log (projection, event_id, stream_id, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [this.name, e.eventId, e.streamId, e.position],
      );
      if (this.failOn?.(e)) throw new Error(`handler crashed on ${e.eventId}`);
      await this.db.manager.query(
        `INSERT INTO test_stream_counts AS c (projection, stream_id, events, last_version) VALUES ($1, $2, 1, $3)
         ON CONFLICT (projection, stream_id) DO UPDATE SET events = c.events + 1, last_version = EXCLUDED.last_version
         WHERE c.last_version < EXCLUDED.last_version`,
        [this.name, e.streamId, e.streamVersion],
      );
    }
  }

  async reset(): Promise<void> {
    this.resets++;
    await this.db.manager.query(`DELETE FROM test_stream_counts WHERE projection = $1`, [
      this.name,
    ]);
    await this.db.manager.query(`DELETE FROM test_projection_log WHERE projection = $1`, [
      this.name,
    ]);
  }
}

const LAG = 'opsledger_projection_lag_events';

/** Counts the statements given to one of the data source's connections while one ran there. */
function overlappingQueries(dataSource: DataSource): { count: number } {
  const seen = { count: 0 };
  const create = dataSource.createQueryRunner.bind(dataSource);
  jest.spyOn(dataSource, 'createQueryRunner').mockImplementation((...args) => {
    const queryRunner = create(...args);
    const query = queryRunner.query.bind(queryRunner);
    let running = 0;
    queryRunner.query = (async (...queryArgs: Parameters<typeof query>) => {
      if (running > 0) seen.count++;
      running++;
      try {
        return await query(...queryArgs);
      } finally {
        running--;
      }
    }) as typeof queryRunner.query;
    return queryRunner;
  });
  return seen;
}

describe('ProjectionRunner (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let moduleRef: TestingModule;
  let runner: ProjectionRunner;
  let store: EventStore;
  let db: Db;
  let ctx: RequestContext;
  let su: Client;
  const extraModules: TestingModule[] = [];

  const append = async (count: number, eventType?: string): Promise<StoredEvent[]> => {
    const streamId = `s-${randomUUID()}`;
    return ctx.run(SYSTEM_ACTOR, () =>
      store.append({
        streamType: 'proj-test',
        streamId,
        expectedVersion: 0,
        events: Array.from(
          { length: count },
          (_, i) => new TestEvent(streamId, { i }, undefined, eventType),
        ),
      }),
    );
  };

  /** Appends `count` events spread over a few streams, several appends per stream. */
  const appendMany = async (count: number): Promise<StoredEvent[]> => {
    const out: StoredEvent[] = [];
    const streams = [`s-${randomUUID()}`, `s-${randomUUID()}`, `s-${randomUUID()}`];
    const versions = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const streamId = streams[i % streams.length];
      const v = versions.get(streamId) ?? 0;
      out.push(
        ...(await ctx.run(SYSTEM_ACTOR, () =>
          store.append({
            streamType: 'proj-test',
            streamId,
            expectedVersion: v,
            events: testEvents(streamId, 1, () => ({ i })),
          }),
        )),
      );
      versions.set(streamId, v + 1);
    }
    return out;
  };

  /** Every event in the ledger, in commit order, straight from the table. */
  const ledger = async (): Promise<StoredEvent[]> => {
    const { rows } = await su.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store ORDER BY event_store.tx_id, event_store.position`,
    );
    return rows.map(fromRow);
  };

  const checkpointOf = async (name: string) => {
    const { rows } = await su.query<{ tx_id: string; position: string }>(
      `SELECT tx_id::text AS tx_id, position::text AS position FROM projection_checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0] ?? null;
  };

  const readModel = async (name: string) => {
    const counts = await su.query(
      `SELECT stream_id, events, last_version FROM test_stream_counts WHERE projection = $1 ORDER BY stream_id`,
      [name],
    );
    const log = await su.query<{ event_id: string }>(
      `SELECT event_id FROM test_projection_log WHERE projection = $1 ORDER BY event_id`,
      [name],
    );
    return { counts: counts.rows, log: log.rows.map((r) => r.event_id) };
  };

  /** What the read model must hold after every event of the given types was applied once. */
  const expectedModel = async (eventTypes?: readonly string[]) => {
    const events = (await ledger()).filter((e) => !eventTypes || eventTypes.includes(e.eventType));
    const byStream = new Map<string, { stream_id: string; events: number; last_version: number }>();
    for (const e of events) {
      const s = byStream.get(e.streamId) ?? { stream_id: e.streamId, events: 0, last_version: 0 };
      s.events++;
      s.last_version = Math.max(s.last_version, e.streamVersion);
      byStream.set(e.streamId, s);
    }
    return {
      counts: [...byStream.values()].sort((a, b) =>
        a.stream_id < b.stream_id ? -1 : a.stream_id > b.stream_id ? 1 : 0,
      ),
      log: events.map((e) => e.eventId).sort(),
    };
  };

  const newProjection = (
    r: ProjectionRunner,
    moduleDb: Db,
    prefix: string,
    eventTypes?: readonly string[],
  ) => {
    const p = new StreamCountProjection(
      `${prefix}-${randomUUID().slice(0, 8)}`,
      moduleDb,
      eventTypes,
    );
    r.register(p);
    return p;
  };

  const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);

  const endOfLedger = async () => {
    const all = await ledger();
    const last = all[all.length - 1];
    return { tx_id: last.txId, position: last.position };
  };

  /**
   * Runs `pass` until the projection's checkpoint is at the end of the ledger. readCommitted
   * stops below the oldest transaction in flight anywhere in the cluster (other test files
   * share it), so one pass may legitimately stop short; returns what the passes processed.
   */
  const settle = async (name: string, pass: () => Promise<number | void>): Promise<number> => {
    const target = await endOfLedger();
    const until = Date.now() + 10000;
    let total = 0;
    for (;;) {
      total += (await pass()) ?? 0;
      if (JSON.stringify(await checkpointOf(name)) === JSON.stringify(target)) return total;
      if (Date.now() > until) throw new Error(`${name} never reached the end of the ledger`);
      await sleep(20);
    }
  };

  const lagOf = async (name: string): Promise<number | undefined> => {
    const gauge = register.getSingleMetric(LAG) as Gauge<string> | undefined;
    const value = (await gauge?.get())?.values.find((v) => v.labels.projection === name);
    return value?.value;
  };

  const advisoryLockHolders = async (name: string): Promise<number[]> => {
    const { rows } = await su.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.objid::int = hashtext('projection:' || $1) AND l.objsubid = 1`,
      [name],
    );
    return rows.map((r) => r.pid);
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    su = await superuserClient(tdb.url);
    await su.query(`CREATE TABLE test_stream_counts (
      projection text NOT NULL, stream_id text NOT NULL, events int NOT NULL, last_version int NOT NULL,
      PRIMARY KEY (projection, stream_id))`);
    await su.query(`CREATE TABLE test_projection_log (
      projection text NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, position bigint NOT NULL,
      PRIMARY KEY (projection, event_id))`);
    await su.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON test_stream_counts, test_projection_log TO opsledger_app`,
    );
    moduleRef = await createEventStoreModule(tdb.url, { batchSize: 7 });
    runner = moduleRef.get(ProjectionRunner);
    store = moduleRef.get(EventStore);
    db = moduleRef.get(Db);
    ctx = moduleRef.get(RequestContext);
  });

  afterAll(async () => {
    for (const m of extraModules) await m.close().catch(() => undefined);
    await moduleRef?.close();
    await su?.end();
    await tdb?.drop();
  });

  it('catches up on every event once, in commit order, moving the checkpoint; a second pass processes nothing', async () => {
    await appendMany(20); // more than two batches of 7
    const p = newProjection(runner, db, 'once');

    const all = await ledger();
    expect(await settle(p.name, () => runner.catchUp(p))).toBe(all.length);
    expect(ids(p.delivered)).toEqual(ids(all));
    expect(await checkpointOf(p.name)).toEqual(await endOfLedger());
    expect(await readModel(p.name)).toEqual(await expectedModel());

    // nothing new: nothing processed, checkpoint where it was
    expect(await runner.catchUp(p)).toBe(0);
    expect(p.delivered).toHaveLength(all.length);
    expect(await checkpointOf(p.name)).toEqual(await endOfLedger());

    // new events: only those
    const more = await appendMany(9);
    expect(await settle(p.name, () => runner.catchUp(p))).toBe(9);
    expect(ids(p.delivered.slice(all.length))).toEqual(ids(more));
    expect(new Set(ids(p.delivered)).size).toBe(p.delivered.length);
    expect(await readModel(p.name)).toEqual(await expectedModel());
  });

  it('writes nothing in a pass with nothing to do: the checkpoint row keeps its version', async () => {
    await appendMany(3);
    const p = newProjection(runner, db, 'idle');
    await settle(p.name, () => runner.catchUp(p));
    const version = async () =>
      (
        await su.query<{ ctid: string; xmin: string }>(
          `SELECT ctid::text, xmin::text FROM projection_checkpoints WHERE name = $1`,
          [p.name],
        )
      ).rows[0];
    const before = await version();
    expect(before).toBeDefined();
    for (let i = 0; i < 3; i++) expect(await runner.catchUp(p)).toBe(0);
    await runner.catchUpAll();
    expect(await version()).toEqual(before); // no new row version: no write, no commit to flush
    const more = await appendMany(2);
    await settle(p.name, () => runner.catchUp(p));
    expect(ids(p.delivered.slice(-2))).toEqual(ids(more));
    expect(await version()).not.toEqual(before);
  });

  it('reads again from the checkpoint it locked when it moved after the pass first read it', async () => {
    await appendMany(4);
    const p = newProjection(runner, db, 'moved');
    await settle(p.name, () => runner.catchUp(p));
    const first = p.delivered.length;
    const fresh = await appendMany(2);
    await waitForLedgerHorizon(tdb.url);
    // Between the pass's first read and its lock, the checkpoint goes back to the start (as a
    // rebuild committing in between would leave it).
    const read = store.readCommitted.bind(store);
    const spy = jest.spyOn(store, 'readCommitted').mockImplementationOnce(async (...args) => {
      const events = await read(...args);
      await su.query(
        `UPDATE projection_checkpoints SET tx_id = '0'::xid8, position = 0 WHERE name = $1`,
        [p.name],
      );
      return events;
    });
    try {
      await settle(p.name, () => runner.catchUp(p));
    } finally {
      spy.mockRestore();
    }
    // everything from the start again (the read model absorbs it), not only the two new ones
    expect(ids(p.delivered.slice(first))).toEqual(ids(await ledger()));
    expect(ids(p.delivered.slice(-2))).toEqual(ids(fresh));
    expect(await readModel(p.name)).toEqual(await expectedModel());
  });

  it('hands a projection only the event types it asks for, and still moves past the others', async () => {
    const p = newProjection(runner, db, 'typed', ['test.wanted.v1']);
    const wanted = await append(3, 'test.wanted.v1');
    await append(4, 'test.unwanted.v1');
    await settle(p.name, () => runner.catchUp(p));
    expect(p.delivered.every((e) => e.eventType === 'test.wanted.v1')).toBe(true);
    expect(ids(p.delivered)).toEqual(
      ids((await ledger()).filter((e) => e.eventType === 'test.wanted.v1')),
    );
    expect(ids(p.delivered)).toEqual(expect.arrayContaining(ids(wanted)));
    expect(await readModel(p.name)).toEqual(await expectedModel(['test.wanted.v1']));
  });

  it('keeps neither the writes nor the checkpoint of a batch whose handler crashed, and finishes on the next pass', async () => {
    await appendMany(10);
    const p = newProjection(runner, db, 'crash');
    const all = await ledger();
    const victim = all[9]; // in the second batch of 7 (or a later one if a pass stops short)
    p.failOn = (e) => e.eventId === victim.eventId;

    let error: unknown = null;
    const until = Date.now() + 10000;
    while (!error) {
      error = await runner.catchUp(p).then(
        () => null,
        (e: unknown) => e,
      );
      if (!error && Date.now() > until) throw new Error('the handler never crashed');
    }
    expect(String((error as Error).message)).toContain('handler crashed');
    // what committed before the crash is there, up to the checkpoint and nothing beyond it:
    // the crashed batch's writes (the victim's log row included) were rolled back with it
    const cp = await checkpointOf(p.name);
    const upTo = all.findIndex((e) => e.txId === cp?.tx_id && e.position === cp?.position);
    expect(upTo).toBeGreaterThanOrEqual(0);
    expect(upTo).toBeLessThan(9);
    expect((await readModel(p.name)).log).toEqual(ids(all.slice(0, upTo + 1)).sort());
    expect((await readModel(p.name)).log).not.toContain(victim.eventId);

    p.failOn = null;
    await settle(p.name, () => runner.catchUp(p));
    expect(await readModel(p.name)).toEqual(await expectedModel());
  });

  it('produces the same read model when handlers run again after a crash rolled the checkpoint back', async () => {
    await appendMany(6);
    const p = newProjection(runner, db, 'replay');
    await settle(p.name, () => runner.catchUp(p));
    const before = await readModel(p.name);
    expect(before).toEqual(await expectedModel());
    const all = await ledger();
    const delivered = p.delivered.length;

    // crash after the handlers' writes, before the checkpoint: the checkpoint is behind
    const half = Math.floor(all.length / 2);
    await su.query(
      `UPDATE projection_checkpoints SET tx_id = $2::xid8, position = $3 WHERE name = $1`,
      [p.name, all[half].txId, all[half].position],
    );
    const replayed = await settle(p.name, () => runner.catchUp(p));
    expect(replayed).toBe(all.length - half - 1);
    expect(ids(p.delivered.slice(delivered))).toEqual(ids(all.slice(half + 1)));
    expect(await readModel(p.name)).toEqual(before);

    // all the way back to zero
    await su.query(`UPDATE projection_checkpoints SET tx_id = '0', position = 0 WHERE name = $1`, [
      p.name,
    ]);
    expect(await settle(p.name, () => runner.catchUp(p))).toBe(all.length);
    expect(await readModel(p.name)).toEqual(before);
  });

  it('rebuilds from position zero to the same result', async () => {
    await appendMany(5);
    const p = newProjection(runner, db, 'rebuild');
    await settle(p.name, () => runner.catchUp(p));
    const before = await readModel(p.name);
    // damage the read model so a rebuild has to fix it
    await su.query(`UPDATE test_stream_counts SET events = 999 WHERE projection = $1`, [p.name]);
    await su.query(`INSERT INTO test_stream_counts VALUES ($1, 'ghost', 1, 1)`, [p.name]);

    p.delivered.length = 0;
    const all = await ledger();
    const rebuilt = await runner.rebuild(p.name);
    expect(p.resets).toBe(1);
    expect(rebuilt + (await settle(p.name, () => runner.catchUp(p)))).toBe(all.length);
    expect(ids(p.delivered)).toEqual(ids(all)); // replayed from the first event, in order
    expect(await readModel(p.name)).toEqual(before);

    await expect(runner.rebuild('no-such-projection')).rejects.toThrow(/Unknown projection/);
  });

  it('reads each batch once for the projections standing at the same checkpoint, and each still gets every event once', async () => {
    await appendMany(9); // whatever ran before, the ledger holds more than a batch
    const m = await createEventStoreModule(tdb.url, { batchSize: 7, poolSize: 5 });
    extraModules.push(m);
    const r = m.get(ProjectionRunner);
    const a = newProjection(r, m.get(Db), 'pass-a');
    const b = newProjection(r, m.get(Db), 'pass-b');
    const none = newProjection(r, m.get(Db), 'pass-none', ['nothing.appended']);
    const atEnd = async () => {
      const end = await endOfLedger();
      for (const p of [a, b, none])
        if (JSON.stringify(await checkpointOf(p.name)) !== JSON.stringify(end)) return false;
      return true;
    };
    const untilAtEnd = async () => {
      let passes = 0;
      for (const until = Date.now() + 10000; !(await atEnd()); passes++) {
        if (Date.now() > until) throw new Error('the projections never reached the end');
        await r.catchUpAll();
        await sleep(20);
      }
      return passes;
    };
    await untilAtEnd(); // the three start at the beginning of the ledger: one shared walk
    const delivered = [a.delivered.length, b.delivered.length];

    const added = await appendMany(5); // within one batch of 7
    const reads = jest.spyOn(m.get(EventStore), 'readCommitted');
    const passes = await untilAtEnd();
    expect(passes).toBeGreaterThan(0);
    // one read a pass, not one a projection (three)
    expect(reads).toHaveBeenCalledTimes(passes);
    expect(ids(a.delivered.slice(delivered[0]))).toEqual(ids(added));
    expect(ids(b.delivered.slice(delivered[1]))).toEqual(ids(added));
    expect(none.delivered).toHaveLength(0);
    expect(await readModel(a.name)).toEqual(await readModel(b.name));

    // a projection that starts later reads from its own checkpoint, and misses nothing
    reads.mockClear();
    const late = newProjection(r, m.get(Db), 'pass-late');
    await settle(late.name, () => r.catchUpAll());
    expect(ids(late.delivered)).toEqual(ids(await ledger()));
    expect(reads.mock.calls.length).toBeGreaterThan(1);
  });

  describe('two instances', () => {
    let m1: TestingModule;
    let m2: TestingModule;
    let r1: ProjectionRunner;
    let r2: ProjectionRunner;

    beforeEach(async () => {
      m1 = await createEventStoreModule(tdb.url, { batchSize: 7, poolSize: 5 });
      m2 = await createEventStoreModule(tdb.url, { batchSize: 7, poolSize: 5 });
      extraModules.push(m1, m2);
      r1 = m1.get(ProjectionRunner);
      r2 = m2.get(ProjectionRunner);
    });

    afterEach(async () => {
      await m1.close().catch(() => undefined);
      await m2.close().catch(() => undefined);
    });

    it('runs a projection on one instance only; after the holder releases its lock the other continues from the checkpoint', async () => {
      const name = `shared-${randomUUID().slice(0, 8)}`;
      const p1 = new StreamCountProjection(name, m1.get(Db));
      const p2 = new StreamCountProjection(name, m2.get(Db));
      r1.register(p1);
      r2.register(p2);

      const first = await ledger();
      await settle(name, () => r1.catchUpAll());
      expect(r1.holds(name)).toBe(true);
      expect(ids(p1.delivered)).toEqual(ids(first));
      expect(await advisoryLockHolders(name)).toHaveLength(1);

      const second = await appendMany(6);
      await r2.catchUpAll();
      expect(r2.holds(name)).toBe(false);
      expect(p2.delivered).toHaveLength(0);
      await expect(r2.rebuild(name)).rejects.toThrow(/another instance/);
      expect(p2.resets).toBe(0);
      expect(await checkpointOf(name)).toEqual({
        tx_id: first[first.length - 1].txId,
        position: first[first.length - 1].position,
      });

      await r1.releaseLocks();
      expect(r1.holds(name)).toBe(false);
      expect(await advisoryLockHolders(name)).toHaveLength(0);

      await settle(name, () => r2.catchUpAll());
      expect(r2.holds(name)).toBe(true);
      expect(ids(p2.delivered)).toEqual(ids(second)); // from the checkpoint on, nothing twice
      await r1.catchUpAll(); // the first can no longer take it
      expect(r1.holds(name)).toBe(false);
      expect(p1.delivered).toHaveLength(first.length);

      const delivered = [...ids(p1.delivered), ...ids(p2.delivered)];
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(delivered).toEqual(ids(await ledger()));
      expect(await readModel(name)).toEqual(await expectedModel());

      // the holder going away (its connections closed) frees the projection as well
      await m2.close();
      const third = await appendMany(3);
      await settle(name, () => r1.catchUpAll());
      expect(r1.holds(name)).toBe(true);
      expect(ids(p1.delivered.slice(first.length))).toEqual(ids(third));
    });

    it('stops writing a projection once the connection holding its lock is killed, and another instance takes over', async () => {
      const name = `killed-${randomUUID().slice(0, 8)}`;
      const p1 = new StreamCountProjection(name, m1.get(Db));
      const p2 = new StreamCountProjection(name, m2.get(Db));
      r1.register(p1);
      r2.register(p2);
      await appendMany(3);
      await settle(name, () => r1.catchUpAll());
      expect(r1.holds(name)).toBe(true);
      const delivered = p1.delivered.length;

      const [holder] = await advisoryLockHolders(name);
      await su.query(`SELECT pg_terminate_backend($1)`, [holder]);
      await sleep(50);
      expect(await advisoryLockHolders(name)).toHaveLength(0);

      // the second instance takes the free lock; the first still believes it holds it
      await r2.catchUpAll();
      expect(r2.holds(name)).toBe(true);
      const fresh = await appendMany(5);
      await waitForLedgerHorizon(tdb.url);
      await r1.catchUpAll();
      await r1.catchUpAll();
      expect(p1.delivered).toHaveLength(delivered);
      expect(r1.holds(name)).toBe(false);

      await settle(name, () => r2.catchUpAll());
      expect(ids(p2.delivered)).toEqual(ids(fresh));
      const all = [...ids(p1.delivered), ...ids(p2.delivered)];
      expect(new Set(all).size).toBe(all.length);
      expect(await readModel(name)).toEqual(await expectedModel());

      // the first instance comes back as a runner without a lock: it waits its turn
      await r1.catchUpAll();
      expect(r1.holds(name)).toBe(false);
      expect(await advisoryLockHolders(name)).toHaveLength(1);
    });

    it('lets exactly one of two instances racing for the same projection process it', async () => {
      const name = `race-${randomUUID().slice(0, 8)}`;
      const p1 = new StreamCountProjection(name, m1.get(Db));
      const p2 = new StreamCountProjection(name, m2.get(Db));
      r1.register(p1);
      r2.register(p2);
      await appendMany(4);
      // a connection is never handed a statement while one runs (pg only queues it, deprecated)
      const overlaps = [m1, m2].map((m) => overlappingQueries(m.get(DataSource)));
      await Promise.all([r1.catchUpAll(), r2.catchUpAll(), r1.catchUpAll(), r2.catchUpAll()]);
      expect(overlaps.map((o) => o.count)).toEqual([0, 0]);
      expect([r1.holds(name), r2.holds(name)].filter(Boolean)).toHaveLength(1);
      const [holder, other] = r1.holds(name) ? [r1, r2] : [r2, r1];
      await settle(name, () => holder.catchUpAll());
      await other.catchUpAll();
      expect((holder === r1 ? p2 : p1).delivered).toHaveLength(0);
      const delivered = [...ids(p1.delivered), ...ids(p2.delivered)];
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(delivered).toEqual(ids(await ledger()));
    });
  });

  describe('lag metric', () => {
    it('counts from the checkpoint through the commit-order index, not by reading the ledger', async () => {
      await appendMany(3);
      const end = await endOfLedger();
      await su.query('BEGIN');
      try {
        // off, a sequential scan still runs when it is the only way: the plan shows whether the
        // index can serve the bound at all
        await su.query('SET LOCAL enable_seqscan = off');
        const { rows } = await su.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${PROJECTION_LAG_SQL}`, [
          end.tx_id,
          end.position,
        ]);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        // a plain, bitmap or index-only scan, bounded by the checkpoint in the index
        expect(plan).toMatch(/Scan (using|on) idx_event_store_commit_order/);
        expect(plan).toMatch(/Index Cond: \(ROW\(tx_id, "position"\) > ROW\(/);
        expect(plan).not.toMatch(/Seq Scan on event_store/);
      } finally {
        await su.query('ROLLBACK');
      }
    });

    it('reports the committed events a projection has not processed, and 0 once it caught up', async () => {
      const p = newProjection(runner, db, 'lag');
      await appendMany(2);
      await settle(p.name, () => runner.catchUp(p));
      expect(await lagOf(p.name)).toBe(0);

      await appendMany(5);
      await sleep(20);
      // before any catch-up: the scrape shows the backlog
      const text = await register.getSingleMetricAsString(LAG);
      expect(text).toMatch(new RegExp(`^${LAG}\\{projection="${p.name}"\\} 5$`, 'm'));
      expect(await lagOf(p.name)).toBe(5);
      const seconds = (
        await (register.getSingleMetric('opsledger_projection_lag_seconds') as Gauge<string>).get()
      ).values.find((v) => v.labels.projection === p.name);
      expect(seconds?.value).toBeGreaterThan(0);

      await settle(p.name, () => runner.catchUp(p));
      expect(await lagOf(p.name)).toBe(0);
      expect(await register.getSingleMetricAsString(LAG)).toMatch(
        new RegExp(`^${LAG}\\{projection="${p.name}"\\} 0$`, 'm'),
      );
    });

    it('counts the whole ledger as lag for a projection that never ran', async () => {
      const p = newProjection(runner, db, 'never-ran');
      const total = (await ledger()).length;
      expect(await lagOf(p.name)).toBe(total);
      expect(await settle(p.name, () => runner.catchUp(p))).toBe(total);
      expect(await lagOf(p.name)).toBe(0);
    });
  });
});
