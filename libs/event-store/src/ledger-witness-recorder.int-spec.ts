import { TestingModule } from '@nestjs/testing';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from './event-store';
import { FileLedgerWitness } from './file-ledger-witness';
import { WitnessedHead } from './ledger-witness';
import { StoredEvent } from './stored-event';
import { createEventStoreModule, sleep, testEvents } from './testing/event-store-test-kit';

describe('LedgerWitnessRecorder (PostgreSQL, file witness)', () => {
  let tdb: TestDatabase;
  let dir: string;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'opsledger-witness-'));
    moduleRef = await createEventStoreModule(tdb.url, { witnessDir: dir, witnessFlushMs: 100 });
  });
  afterAll(async () => {
    await moduleRef?.close();
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const heads = async (): Promise<WitnessedHead[]> => {
    const found: WitnessedHead[] = [];
    await new FileLedgerWitness(dir).scan(null, (r) => {
      if (r.kind === 'heads') found.push(...r.heads);
    });
    return found;
  };

  it('writes the head of every committed append within the flush interval, and nothing of a rolled-back one', async () => {
    const store = moduleRef.get(EventStore);
    const ctx = moduleRef.get(RequestContext);
    const append = (streamId: string, expectedVersion: number, count: number) =>
      ctx.run(SYSTEM_ACTOR, () =>
        store.append({
          streamType: 'witnessed',
          streamId,
          expectedVersion,
          events: testEvents(streamId, count),
        }),
      );
    const a = randomUUID();
    const b = randomUUID();
    const first: StoredEvent[] = await append(a, 0, 2);
    const second = await append(b, 0, 1);
    const third = await append(a, 2, 1);
    const db = moduleRef.get(Db);
    await ctx
      .run(SYSTEM_ACTOR, () =>
        db.transaction(async () => {
          const c = randomUUID();
          await store.append({
            streamType: 'witnessed',
            streamId: c,
            expectedVersion: 0,
            events: testEvents(c, 1),
          });
          throw new Error('rolled back');
        }),
      )
      .catch(() => undefined);
    expect(first).toHaveLength(2);

    // nobody flushes: the timer does, within the interval
    const until = Date.now() + 5000;
    let found = await heads();
    while (found.length < 3 && Date.now() < until) {
      await sleep(50);
      found = await heads();
    }
    const pick = (e: StoredEvent) => ({
      streamType: e.streamType,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      position: e.position,
      txId: e.txId,
      hash: e.hash,
    });
    // one head per committed append: its last event
    expect(found).toEqual([pick(first[1]), pick(second[0]), pick(third[0])]);
  });
});
