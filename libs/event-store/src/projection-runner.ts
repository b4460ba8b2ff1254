import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  Db,
  isDatabaseUnavailable,
  OneAtATime,
  RequestContext,
  SYSTEM_ACTOR,
} from '@opsledger/persistence';
import { DataSource, QueryRunner } from 'typeorm';
import { EventStore } from './event-store';
import { LedgerMetrics } from './ledger-metrics';
import { Projection } from './projection';
import { LEDGER_START, LedgerCursor, StoredEvent } from './stored-event';

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');

/** The session lock behind a projection was lost (its connection died): stop writing it. */
export class ProjectionLockLostError extends Error {
  constructor(readonly projection: string) {
    super(`Projection ${projection}: the connection holding its advisory lock is gone`);
  }
}

const lockKey = (name: string) => `projection:${name}`;

export interface ProjectorOptions {
  /** Poll interval; 0 disables the background loop (tests drive `catchUp` themselves). */
  pollMs: number;
  batchSize?: number;
  /** Events per transaction while rebuilding: larger, since a rebuild replays the whole ledger. */
  rebuildBatchSize?: number;
  /**
   * How long a pass waits after a commit before it starts, gathering the commits that follow
   * into one pass (default 50 ms; 0 starts at once); commits made during a pass start the next
   * one as long after it ends. Under a steady stream of commits each pass costs a handful of
   * statements per projection whatever it carries, so batching them is most of its cost.
   */
  coalesceMs?: number;
}

/**
 * Batches of one pass kept for the projections after the first: in steady state every
 * projection stands at the same checkpoint, and one read serves them all.
 */
const SHARED_READS_PER_PASS = 4;

/**
 * What a pass has read, by cursor: the first `limit` events after a cursor read once stay the
 * first events after it (nothing can later commit behind the read horizon), so a projection
 * at the same checkpoint takes them instead of reading them again. Whatever committed since is
 * for its next pass.
 */
export class PassReads {
  private readonly batches = new Map<string, readonly StoredEvent[]>();

  async read(
    cursor: LedgerCursor,
    limit: number,
    load: () => Promise<StoredEvent[]>,
  ): Promise<readonly StoredEvent[]> {
    const key = `${cursor.txId}/${cursor.position}/${limit}`;
    const known = this.batches.get(key);
    if (known) return known;
    const events = await load();
    if (this.batches.size < SHARED_READS_PER_PASS) this.batches.set(key, events);
    return events;
  }
}

/**
 * The events after a checkpoint, given as parameters (`$1` transaction id, `$2` position): the
 * planner then walks the commit-order index from the checkpoint. With the bound taken from a
 * join it could not, and every report read the whole ledger.
 */
export const PROJECTION_LAG_SQL = `SELECT count(*)::int AS events,
        COALESCE(EXTRACT(EPOCH FROM now() - min(e.occurred_at)), 0)::float AS seconds
   FROM event_store e
  WHERE (e.tx_id, e.position) > ($1::text::xid8, $2::bigint)`;

/** The lag gauge is refreshed at most this often by passes (a metrics scrape always reads it). */
const LAG_REPORT_INTERVAL_MS = 1_000;
/** See `ProjectorOptions.coalesceMs`. */
const DEFAULT_COALESCE_MS = 50;

/**
 * Runs each projection from its checkpoint. A projection is run by at most one process at a
 * time: its runner holds a session-level advisory lock on a dedicated connection, and
 * another instance that cannot take the lock skips that projection until the holder dies.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private timer: NodeJS.Timeout | null = null;
  private coalescing: NodeJS.Timeout | null = null;
  private readonly lagReportedAt = new Map<string, number>();
  private running: Promise<void> | null = null;
  private rerun = false;
  private lockRunner: QueryRunner | null = null;
  /** The lock connection's statements: passes racing each other (a nudge, a rebuild) share it. */
  private readonly lockQueries = new OneAtATime();
  /** Backend pid of the lock connection, checked under every batch's checkpoint row lock. */
  private lockPid: number | null = null;
  private connecting: Promise<QueryRunner> | null = null;
  private readonly held = new Set<string>();
  private stopped = false;
  private readonly projections: Projection[] = [];
  private stopLagScrape: (() => void) | null = null;

  constructor(
    @Inject(PROJECTOR_OPTIONS) private readonly options: ProjectorOptions,
    private readonly store: EventStore,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly dataSource: DataSource,
    private readonly metrics: LedgerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.stopLagScrape = this.metrics.onLagScrape(async () => {
      for (const projection of this.projections)
        if (!this.stopped) await this.reportLag(projection.name);
    });
    if (this.options.pollMs <= 0) return;
    this.store.onCommitted(() => this.nudgeSoon());
    const tick = () => {
      if (this.stopped) return;
      this.nudge();
      this.timer = setTimeout(tick, this.options.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopLagScrape?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.coalescing) clearTimeout(this.coalescing);
    await this.running?.catch(() => undefined);
    await this.releaseLocks().catch(() => undefined);
  }

  /** Contexts register their projections while modules initialise. */
  register(projection: Projection): void {
    if (this.projections.some((p) => p.name === projection.name))
      throw new Error(`Projection ${projection.name} registered twice`);
    this.projections.push(projection);
  }

  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  /** A pass after `coalesceMs`, carrying every commit made until then. */
  private nudgeSoon(): void {
    const delay = this.options.coalesceMs ?? DEFAULT_COALESCE_MS;
    if (delay <= 0) return this.nudge();
    if (this.coalescing || this.stopped) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      this.nudge();
    }, delay);
    this.coalescing.unref();
  }

  /** Asks for a catch-up now; coalesces bursts of commits into one pass. */
  nudge(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    // Detached: a nudge comes from whoever committed, and the pass must not run in (or join)
    // that caller's unit of work, which ends while the pass is still reading.
    this.running = this.context
      .detached(() => this.catchUpAll())
      .catch((error: unknown) => {
        // The database away is no bug: the next nudge or poll picks up from the checkpoint.
        if (isDatabaseUnavailable(error))
          this.logger.warn('projection pass stopped: the database is unavailable; will retry');
        else this.logger.error({ err: error }, 'projection pass failed');
      })
      .finally(() => {
        this.running = null;
        // Commits made during the pass: the next one after coalesceMs too, so that under a
        // steady load passes do not follow each other back to back, each for a few events.
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.nudgeSoon();
        }
      });
  }

  /** Processes everything committed so far, for every projection this process may run. */
  async catchUpAll(): Promise<void> {
    const reads = new PassReads();
    for (const projection of this.projections) {
      if (this.stopped) return;
      if (!(await this.acquire(projection.name))) continue;
      await this.catchUp(projection, undefined, reads);
    }
  }

  /** Catches one projection up; does nothing (0) while another instance holds it. */
  async catchUp(
    projection: Projection,
    batchSize = this.options.batchSize ?? 500,
    /** The pass's reads, shared by its projections (catchUpAll); alone, each batch is read. */
    reads?: PassReads,
  ): Promise<number> {
    if (!(await this.acquire(projection.name))) return 0;
    let total = 0;
    for (;;) {
      let handled: number;
      try {
        handled = await this.context.run(SYSTEM_ACTOR, () =>
          this.db.transaction(async () => {
            // Read before anything is locked or written: a batch with nothing to do ends
            // here, so a pass over an idle ledger writes nothing (no checkpoint row version,
            // no commit to flush, no lock check) however often the runner polls.
            const seen = await this.checkpointSeen(projection.name);
            const load = (from: LedgerCursor) => this.store.readCommitted(from, batchSize);
            let events = reads
              ? await reads.read(seen, batchSize, () => load(seen))
              : await load(seen);
            if (events.length === 0) return 0;
            const cursor = await this.checkpoint(projection.name);
            await this.assertStillHeld(projection.name);
            // Moved since it was read (a rebuild of this process reset it): read from where it is.
            if (cursor.txId !== seen.txId || cursor.position !== seen.position)
              events = await load(cursor);
            if (events.length === 0) return 0;
            // a copy either way: the batch may serve the next projection too
            const wanted = projection.eventTypes
              ? events.filter((e) => projection.eventTypes!.includes(e.eventType))
              : [...events];
            if (wanted.length > 0) await projection.handle(wanted);
            const last = events[events.length - 1];
            await this.db.manager.query(
              `UPDATE projection_checkpoints SET tx_id = $2::text::xid8, position = $3, updated_at = now() WHERE name = $1`,
              [projection.name, last.txId, last.position],
            );
            return events.length;
          }),
        );
      } catch (error) {
        if (!(error instanceof ProjectionLockLostError)) throw error;
        this.logger.warn(error.message);
        await this.dropLockConnection();
        return total;
      }
      total += handled;
      if (handled > 0) this.metrics.processed(projection.name, handled);
      if (handled < batchSize) break;
    }
    const now = Date.now();
    if (now - (this.lagReportedAt.get(projection.name) ?? 0) >= LAG_REPORT_INTERVAL_MS) {
      this.lagReportedAt.set(projection.name, now);
      await this.reportLag(projection.name);
    }
    return total;
  }

  /** Clears the projection and replays the whole ledger into it. */
  async rebuild(name: string): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection)
      throw new Error(`Unknown projection "${name}" (known: ${this.names().join(', ')})`);
    if (!(await this.acquire(name)))
      throw new Error(`Projection "${name}" is being run by another instance`);
    await this.context
      .run(SYSTEM_ACTOR, () =>
        this.db.transaction(async () => {
          await this.checkpoint(name);
          await this.assertStillHeld(name);
          await projection.reset();
          await this.db.manager.query(
            `UPDATE projection_checkpoints SET tx_id = '0'::xid8, position = 0, updated_at = now() WHERE name = $1`,
            [name],
          );
        }),
      )
      .catch(async (error: unknown) => {
        if (error instanceof ProjectionLockLostError) await this.dropLockConnection();
        throw error;
      });
    return this.catchUp(projection, this.options.rebuildBatchSize ?? 5000);
  }

  /** The projection's checkpoint as it stands, without a lock (the ledger's start when missing). */
  private async checkpointSeen(name: string): Promise<LedgerCursor> {
    const rows = (await this.db.manager.query(
      `SELECT tx_id::text AS tx_id, position::text AS position FROM projection_checkpoints WHERE name = $1`,
      [name],
    )) as Array<{ tx_id: string; position: string }>;
    return rows[0] ? { txId: rows[0].tx_id, position: rows[0].position } : LEDGER_START;
  }

  /**
   * The projection's checkpoint, created at the ledger's start when missing; its row stays
   * locked until the batch commits (the upsert locks it as FOR UPDATE would, in one statement).
   */
  private async checkpoint(name: string): Promise<LedgerCursor> {
    const rows = (await this.db.manager.query(
      `INSERT INTO projection_checkpoints (name, tx_id, position) VALUES ($1, '0'::xid8, 0)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
       RETURNING tx_id::text AS tx_id, position::text AS position`,
      [name],
    )) as Array<{ tx_id: string; position: string }>;
    return { txId: rows[0].tx_id, position: rows[0].position };
  }

  private async acquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const runner = await this.lockConnection();
    const rows = (await this.lockQueries.run(() =>
      runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey(name)]),
    )) as Array<{ locked: boolean }>;
    if (rows[0]?.locked && runner === this.lockRunner) this.held.add(name);
    return this.held.has(name);
  }

  /** The one connection that holds this process's session locks (opened once, even by racing passes). */
  private lockConnection(): Promise<QueryRunner> {
    if (this.lockRunner && !this.lockRunner.isReleased) return Promise.resolve(this.lockRunner);
    this.connecting ??= (async () => {
      this.held.clear();
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      const [{ pid }] = (await runner.query(`SELECT pg_backend_pid() AS pid`)) as Array<{
        pid: number;
      }>;
      this.lockRunner = runner;
      this.lockPid = pid;
      return runner;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /**
   * The session lock lives on another connection, which can die (killed, network cut) while
   * this process still believes it runs the projection; another instance may then take the
   * lock. Checked while this batch holds the checkpoint row: a newcomer's first batch waits
   * for that row, so a batch that passed the check commits before the newcomer reads.
   */
  private async assertStillHeld(name: string): Promise<void> {
    const rows = (await this.db.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks l, (SELECT hashtext($2)::bigint AS k) key
          WHERE l.locktype = 'advisory' AND l.granted AND l.pid = $1 AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::text::bigint = (key.k >> 32) & 4294967295
            AND l.objid::text::bigint = key.k & 4294967295) AS held`,
      [this.lockPid, lockKey(name)],
    )) as Array<{ held: boolean }>;
    if (rows[0]?.held !== true) throw new ProjectionLockLostError(name);
  }

  /** Forgets a lock connection that lost its locks; the next pass takes a new one. */
  private async dropLockConnection(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = null;
    this.lockPid = null;
    this.held.clear();
    if (runner && !runner.isReleased) await runner.release().catch(() => undefined);
  }

  private async reportLag(name: string): Promise<void> {
    const rows = (await this.context.run(SYSTEM_ACTOR, () =>
      this.db.transaction(async () => {
        const checkpoint = await this.checkpointSeen(name);
        return this.db.manager.query(PROJECTION_LAG_SQL, [checkpoint.txId, checkpoint.position]);
      }),
    )) as Array<{ events: number; seconds: number }>;
    this.metrics.lag(name, rows[0]?.events ?? 0, rows[0]?.seconds ?? 0);
  }

  /** Test hook: holds the lock state of this runner. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Releases every advisory lock this instance holds (another instance may take over). */
  async releaseLocks(): Promise<void> {
    const runner = this.lockRunner;
    if (runner && !runner.isReleased) {
      // release() only returns the connection to the pool: its session would keep the locks
      try {
        await this.lockQueries.run(() => runner.query('SELECT pg_advisory_unlock_all()'));
      } finally {
        await runner.release();
      }
    }
    this.lockRunner = null;
    this.lockPid = null;
    this.held.clear();
  }
}
