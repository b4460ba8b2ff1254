import { Test, TestingModule } from '@nestjs/testing';
import { TestKeysModule } from '@opsledger/auth';
import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import { Actor, PersistenceModule } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EventStoreModule } from '../event-store.module';

/** A plain event for ledger tests. */
export class TestEvent extends DomainEvent<Record<string, unknown>> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type: string;

  constructor(
    aggregateId: string,
    payload: Record<string, unknown>,
    previous?: Record<string, unknown>,
    type = 'test.thing.happened.v1',
  ) {
    super(aggregateId, payload, previous);
    this.type = type;
  }
}

export function testEvents(
  streamId: string,
  count: number,
  payload: (i: number) => Record<string, unknown> = (i) => ({ n: i }),
): TestEvent[] {
  return Array.from({ length: count }, (_, i) => new TestEvent(streamId, payload(i)));
}

/** PersistenceModule + EventStoreModule on the given database, projector loop off. */
export async function createEventStoreModule(
  databaseUrl: string,
  opts: {
    batchSize?: number;
    poolSize?: number;
    pollMs?: number;
    witnessDir?: string;
    witnessFlushMs?: number;
  } = {},
): Promise<TestingModule> {
  const witnessDir = opts.witnessDir ?? join(tmpdir(), `opsledger-witness-${randomUUID()}`);
  const moduleRef = await Test.createTestingModule({
    imports: [
      TestKeysModule,
      PersistenceModule.forRoot({ databaseUrl, poolSize: opts.poolSize ?? 20 }),
      EventStoreModule.forRoot({
        pollMs: opts.pollMs ?? 0,
        batchSize: opts.batchSize,
        witness: { kind: 'file', dir: witnessDir },
        witnessFlushMs: opts.witnessFlushMs,
      }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const close = moduleRef.close.bind(moduleRef);
  moduleRef.close = async () => {
    await close();
    if (!opts.witnessDir) await rm(witnessDir, { recursive: true, force: true });
  };
  return moduleRef;
}

export function userActor(id: string, tenantId: string | null): Actor {
  return { id, type: 'user', tenantId, roles: ['user'], tenantRole: 'member', sessionId: null };
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until at least `count` backends of the database wait on a heavyweight lock. */
export async function waitForLockWaiters(
  su: Client,
  database: string,
  count = 1,
  timeoutMs = 5000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await su.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
      [database],
    );
    if (rows[0].n >= count) return;
    if (Date.now() > until)
      throw new Error(`no backend of ${database} is waiting on a lock after ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Captures the error of a promise that must fail. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, it succeeded');
}

/**
 * Consumes transaction ids (one committed transaction each, on the superuser connection)
 * until the next one handed out is at least `xid`. Transaction ids are cluster-wide.
 */
export async function burnXidsTo(su: Client, xid: bigint): Promise<void> {
  await su.query(
    `DO $$ BEGIN WHILE pg_current_xact_id() < '${xid.toString()}'::xid8 LOOP COMMIT; END LOOP; END $$`,
  );
}
