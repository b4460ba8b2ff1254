import { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { KeyStore } from '@opsledger/auth';
import { DomainEvent } from '@opsledger/ddd';
import { DocumentStore, DocumentStoreModule } from '@opsledger/document-store';
import {
  EventStore,
  EventStoreModule,
  ProjectionRunner,
  StoredEvent,
} from '@opsledger/event-store';
import { CryptoModule } from '@opsledger/crypto';
import { Actor, Db, PersistenceModule, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { PersonalDataModule } from '@opsledger/personal-data';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { AuditModule } from '../../src/modules/audit/audit.module';
import { AppConfig, validateEnvironment, witnessConfigOf } from '../../src/config/app-config';
import { PlatformModule } from '../../src/platform/platform.module';
import { waitForLedgerHorizon } from '@opsledger/testing';

/** An event of any type, for tests that only need the ledger to hold something. */
export class TestEvent extends DomainEvent<Record<string, unknown>> {
  constructor(
    readonly type: string,
    aggregateId: string,
    payload: Record<string, unknown>,
    previous?: Record<string, unknown>,
  ) {
    super(aggregateId, payload, previous);
  }
}

export interface AuditTestContext {
  app: INestApplicationContext;
  db: TestDatabase;
  store: EventStore;
  runner: ProjectionRunner;
  documents: DocumentStore;
  queries: QueryBus;
  commands: CommandBus;
  keys: KeyStore;
  /** Appends events to a stream as `actor` (the system by default), in its own transaction. */
  append(
    streamType: string,
    streamId: string,
    events: TestEvent[],
    opts?: { actor?: Actor; tenantId?: string | null; expectedVersion?: number },
  ): Promise<StoredEvent[]>;
  /** Waits until the projector and the sealer can read every event now in the ledger. */
  settle(): Promise<void>;
  /** Runs SQL as the superuser, which the application role cannot (tampering, assertions). */
  superuser<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs SQL with the triggers of `table` disabled, as an attacker with superuser rights could. */
  tamper(table: 'event_store' | 'event_seals', sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** The audit context over a fresh database, with the projector and the seal timer off. */
export async function createAuditTestContext(): Promise<AuditTestContext> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'opsledger-audit-'));
  const env = validateEnvironment({
    NODE_ENV: 'test',
    PROJECTION_POLL_MS: '0',
    SEAL_INTERVAL_SECONDS: '0',
    DATA_DIR: dataDir,
  });
  const config: AppConfig = { ...env, databaseUrl: db.url };
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsModule.forRoot(),
      PersistenceModule.forRoot({ databaseUrl: db.url, poolSize: 5 }),
      EventStoreModule.forRoot({ pollMs: 0, witness: witnessConfigOf(config) }),
      CryptoModule.forRoot({ generateIfMissing: true }),
      PersonalDataModule.forRoot(),
      DocumentStoreModule.forRoot({}),
      PlatformModule.forRoot({
        config,
        keys: { generateIfMissing: true },
        auth: { issuer: 'http://opsledger.test', accessTokenTtlSeconds: 900 },
      }),
      AuditModule,
    ],
  }).compile();
  const app = await moduleRef.init();
  const store = app.get(EventStore);
  const context = app.get(RequestContext);
  const dbService = app.get(Db);
  const versions = new Map<string, number>();
  const su = await superuserClient(db.url);

  return {
    app,
    db,
    store,
    runner: app.get(ProjectionRunner),
    documents: app.get(DocumentStore),
    queries: app.get(QueryBus),
    commands: app.get(CommandBus),
    keys: app.get(KeyStore),
    append: async (streamType, streamId, events, opts = {}) => {
      const key = `${streamType}/${streamId}`;
      const expectedVersion = opts.expectedVersion ?? versions.get(key) ?? 0;
      const stored = await context.run(opts.actor ?? SYSTEM_ACTOR, () =>
        dbService.transaction(() =>
          store.append({
            streamType,
            streamId,
            expectedVersion,
            events,
            tenantId: opts.tenantId ?? null,
          }),
        ),
      );
      versions.set(key, expectedVersion + stored.length);
      return stored;
    },
    settle: () => waitForLedgerHorizon(db.url),
    superuser: async <T>(sql: string, params: unknown[] = []) =>
      (await su.query(sql, params)).rows as T[],
    tamper: async (table, sql, params = []) => {
      await su.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      try {
        await su.query(sql, params);
      } finally {
        await su.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      }
    },
    close: async () => {
      await su.end();
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
