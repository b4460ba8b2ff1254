import { Db, RequestContext } from '@opsledger/persistence';
import { JobNotifications } from './job-notifications';
import { channelOf, JobStatus, JobTable } from './job-table';
import { JobRecord, JobTransition, JobTransitionListener } from './job-transition';

export interface EnqueueJob {
  type: string;
  payload?: Record<string, unknown>;
  /** Defaults to the acting user's tenant. */
  tenantId?: string | null;
  /** Whose rights the handler runs with; defaults to the acting user (none for system work). */
  ownerId?: string | null;
  maxAttempts?: number;
  /** Not before this time (default: now). */
  runAfter?: Date;
}

/** A job's state, for a status endpoint (imports, OCR, AI jobs). */
export interface JobState {
  id: string;
  type: string;
  status: JobStatus;
  tenantId: string | null;
  ownerId: string | null;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  runAfter: Date;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  lastError: string | null;
  result: unknown;
}

/** A job its handler finished, for `completeAndClaim` to record as succeeded. */
export interface JobSuccess {
  jobId: string;
  result: unknown;
}

export type CancelOutcome = 'cancelled' | 'cancel-requested' | 'already-finished' | 'not-found';

const MAX_ERROR_LENGTH = 2000;
const TYPE = /^[a-z0-9][a-z0-9._:-]{0,99}$/;

interface Row {
  id: string;
  type: string;
  tenant_id: string | null;
  owner_id: string | null;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

const recordOf = (row: Row): JobRecord => ({
  id: row.id,
  type: row.type,
  tenantId: row.tenant_id,
  ownerId: row.owner_id,
  payload: row.payload,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
});

/** The rows of an UPDATE … RETURNING: TypeORM answers UPDATE and DELETE as `[rows, count]`. */
const returned = <T>(result: unknown): T[] => (result as [T[], number])[0];

/** An error as one bounded line of text for `last_error`. */
export const describeError = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
    0,
    MAX_ERROR_LENGTH,
  );

/**
 * The queue mechanics on one job table. Every method is one short transaction (or joins the
 * caller's, for `enqueue`); every write by a worker is fenced by `locked_by`, so a worker
 * that lost its lease cannot complete, fail or extend a job another worker now holds.
 * Worker-side changes run in system scope (workers serve every tenant); `enqueue`, `cancel`
 * and `state` run in the caller's scope, so row-level security applies to them.
 */
export class JobQueue {
  private readonly c: JobTable['columns'];
  private readonly t: string;
  private readonly record: string;
  readonly channel: string;

  constructor(
    readonly table: JobTable,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly listener?: JobTransitionListener,
    private readonly notifier?: JobNotifications,
  ) {
    this.c = table.columns;
    this.t = table.name;
    this.channel = channelOf(table);
    const c = this.c;
    this.record = `${c.id} AS id, ${c.type} AS type, ${c.tenantId} AS tenant_id, ${c.ownerId} AS owner_id,
      ${c.payload} AS payload, ${c.attempts} AS attempts, ${c.maxAttempts} AS max_attempts`;
  }

  /**
   * Adds a job in the caller's unit of work: it exists, and wakes workers, only if that
   * commits. Outside a request or unit of work context the wake-up may come before the commit,
   * and the workers' polling then finds the job.
   */
  async enqueue(job: EnqueueJob): Promise<string> {
    if (!TYPE.test(job.type)) throw new Error(`Invalid job type "${job.type}"`);
    const maxAttempts = job.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)
      throw new Error('maxAttempts must be an integer from 1 to 100');
    const actor = this.context.actor;
    const tenantId = job.tenantId !== undefined ? job.tenantId : actor.tenantId;
    const ownerId =
      job.ownerId !== undefined ? job.ownerId : actor.type === 'user' ? actor.id : null;
    return this.db.transaction(async () => {
      const c = this.c;
      const rows = (await this.db.manager.query(
        `INSERT INTO ${this.t} (${c.type}, ${c.payload}, ${c.tenantId}, ${c.ownerId}, ${c.maxAttempts},
                                ${c.status}, ${c.attempts}, ${c.runAfter})
         VALUES ($1, $2, $3, $4, $5, 'queued'::${this.table.statusType}, 0, COALESCE($6::timestamptz, now()))
         RETURNING ${this.record}`,
        [
          job.type,
          JSON.stringify(job.payload ?? {}),
          tenantId,
          ownerId,
          maxAttempts,
          job.runAfter ?? null,
        ],
      )) as Row[];
      // Said after the commit, and only if it commits (see JobNotifications.notify).
      this.db.afterCommit(() => this.notifier?.notify(this.channel, `job:${job.type}`));
      await this.transition({ kind: 'enqueued', job: recordOf(rows[0]), from: null, to: 'queued' });
      return rows[0].id;
    });
  }

  /**
   * Takes up to `limit` due jobs of a type for `workerId`, each under a lease of `leaseMs`, in
   * the order they were due (oldest first).
   */
  async claim(
    type: string,
    workerId: string,
    limit: number,
    leaseMs: number,
  ): Promise<JobRecord[]> {
    const c = this.c;
    return this.system(async () => {
      await this.withoutWaitingForDisk();
      // in the order they were due, as picked (an UPDATE's rows come back in no given order)
      const rows = (await this.db.manager.query(
        `WITH ${this.picked('$1', '$3')},
         claimed AS (
           UPDATE ${this.t} j SET ${c.status} = 'running'::${this.table.statusType},
                  ${c.attempts} = j.${c.attempts} + 1, ${c.lockedBy} = $2,
                  ${c.leaseExpiresAt} = now() + make_interval(secs => $4::float8 / 1000),
                  ${c.heartbeatAt} = now(), ${c.startedAt} = now()
             FROM picked WHERE j.${c.id} = picked.id
           RETURNING ${this.recordColumns('j')}, j.${c.runAfter} AS due)
         SELECT * FROM claimed ORDER BY due, id`,
        [type, workerId, limit, leaseMs],
      )) as Row[];
      const jobs = rows.map(recordOf);
      for (const job of jobs)
        await this.transition({ kind: 'claimed', job, from: 'queued', to: 'running' });
      return jobs;
    });
  }

  /**
   * Records the successes a worker has finished and claims up to `limit` due jobs of `type`
   * for it, in one statement and one transaction: per job a worker then costs one commit
   * instead of two (a claim and a completion), and one commit records a whole batch of
   * completions. The commit waits for its WAL flush whenever it records a success (a finished
   * job must stay finished); a pure claim does not (see `withoutWaitingForDisk`). Every
   * completion is fenced by `locked_by` as in `succeed`: one this worker no longer holds is
   * left out of `succeeded`. The listener hears each success, then each claim, in the same
   * transaction. The job table's id is a uuid (as `jobs` and crm's `ai_jobs` are).
   */
  async completeAndClaim(
    type: string,
    workerId: string,
    done: readonly JobSuccess[],
    limit: number,
    leaseMs: number,
  ): Promise<{ succeeded: string[]; claimed: JobRecord[] }> {
    const c = this.c;
    const results = new Map(done.map((d) => [d.jobId, d.result]));
    return this.system(async () => {
      if (done.length === 0) await this.withoutWaitingForDisk();
      const rows = (await this.db.manager.query(
        `WITH done AS (
           UPDATE ${this.t} j SET ${c.status} = 'succeeded'::${this.table.statusType},
                  ${c.result} = d.result, ${c.completedAt} = now(), ${c.lockedBy} = NULL,
                  ${c.leaseExpiresAt} = NULL, ${c.lastError} = NULL
             FROM unnest($3::uuid[], $4::jsonb[]) AS d(id, result)
            WHERE j.${c.id} = d.id AND j.${c.lockedBy} = $2 AND j.${c.status} = 'running'
           RETURNING ${this.recordColumns('j')}, j.${c.runAfter} AS due, true AS done),
         ${this.picked('$1', '$5')},
         claimed AS (
           UPDATE ${this.t} j SET ${c.status} = 'running'::${this.table.statusType},
                  ${c.attempts} = j.${c.attempts} + 1, ${c.lockedBy} = $2,
                  ${c.leaseExpiresAt} = now() + make_interval(secs => $6::float8 / 1000),
                  ${c.heartbeatAt} = now(), ${c.startedAt} = now()
             FROM picked WHERE j.${c.id} = picked.id
           RETURNING ${this.recordColumns('j')}, j.${c.runAfter} AS due, false AS done)
         SELECT * FROM done UNION ALL SELECT * FROM claimed ORDER BY done DESC, due, id`,
        [
          type,
          workerId,
          done.map((d) => d.jobId),
          done.map((d) => JSON.stringify(d.result ?? null)),
          limit,
          leaseMs,
        ],
      )) as Array<Row & { done: boolean }>;
      const succeeded: string[] = [];
      const claimed: JobRecord[] = [];
      for (const row of rows.filter((r) => r.done)) {
        succeeded.push(row.id);
        await this.transition({
          kind: 'succeeded',
          job: recordOf(row),
          from: 'running',
          to: 'succeeded',
          result: results.get(row.id),
        });
      }
      for (const row of rows.filter((r) => !r.done)) {
        const job = recordOf(row);
        claimed.push(job);
        await this.transition({ kind: 'claimed', job, from: 'queued', to: 'running' });
      }
      return { succeeded, claimed };
    });
  }

  /**
   * Extends the lease. Answers whether a cancel was asked for, or null when this worker no
   * longer holds the job (its lease expired and the reaper or another worker took it).
   */
  async heartbeat(
    jobId: string,
    workerId: string,
    leaseMs: number,
  ): Promise<{ cancelRequested: boolean } | null> {
    const c = this.c;
    return this.system(async () => {
      await this.withoutWaitingForDisk();
      const rows = returned<{ cancel_requested: boolean }>(
        await this.db.manager.query(
          `UPDATE ${this.t} SET ${c.heartbeatAt} = now(),
                ${c.leaseExpiresAt} = now() + make_interval(secs => $3::float8 / 1000)
          WHERE ${c.id} = $1 AND ${c.lockedBy} = $2 AND ${c.status} = 'running'
          RETURNING ${c.cancelRequested} AS cancel_requested`,
          [jobId, workerId, leaseMs],
        ),
      );
      return rows[0] ? { cancelRequested: rows[0].cancel_requested } : null;
    });
  }

  /** Marks the job succeeded with its result; false when this worker no longer holds it. */
  async succeed(jobId: string, workerId: string, result: unknown): Promise<boolean> {
    const c = this.c;
    return this.system(async () => {
      const rows = returned<Row>(
        await this.db.manager.query(
          `UPDATE ${this.t} SET ${c.status} = 'succeeded'::${this.table.statusType}, ${c.result} = $3,
                ${c.completedAt} = now(), ${c.lockedBy} = NULL, ${c.leaseExpiresAt} = NULL,
                ${c.lastError} = NULL
          WHERE ${c.id} = $1 AND ${c.lockedBy} = $2 AND ${c.status} = 'running'
          RETURNING ${this.record}`,
          [jobId, workerId, JSON.stringify(result ?? null)],
        ),
      );
      if (!rows[0]) return false;
      await this.transition({
        kind: 'succeeded',
        job: recordOf(rows[0]),
        from: 'running',
        to: 'succeeded',
        result,
      });
      return true;
    });
  }

  /**
   * Records a failed run: back to `queued` after `retryInMs` while attempts remain and the
   * failure is retryable, `cancelled` when a cancel was asked for, `failed` otherwise. Null
   * when this worker no longer holds the job.
   */
  async fail(
    jobId: string,
    workerId: string,
    error: unknown,
    retry: { retryable: boolean; retryInMs: number },
  ): Promise<JobStatus | null> {
    const c = this.c;
    return this.system(async () => {
      const rows = (await this.db.manager.query(
        `SELECT ${this.record}, ${c.cancelRequested} AS cancel_requested FROM ${this.t}
          WHERE ${c.id} = $1 AND ${c.lockedBy} = $2 AND ${c.status} = 'running' FOR UPDATE`,
        [jobId, workerId],
      )) as Array<Row & { cancel_requested: boolean }>;
      const row = rows[0];
      if (!row) return null;
      const message = describeError(error);
      const to: JobStatus = row.cancel_requested
        ? 'cancelled'
        : retry.retryable && row.attempts < row.max_attempts
          ? 'queued'
          : 'failed';
      const updated = returned<{ run_after: Date }>(
        await this.db.manager.query(
          `UPDATE ${this.t} SET ${c.status} = $2::${this.table.statusType}, ${c.lastError} = $3,
                ${c.lockedBy} = NULL, ${c.leaseExpiresAt} = NULL,
                ${c.runAfter} = CASE WHEN $2 = 'queued' THEN now() + make_interval(secs => $4::float8 / 1000) ELSE ${c.runAfter} END,
                ${c.completedAt} = CASE WHEN $2 = 'queued' THEN NULL ELSE now() END
          WHERE ${c.id} = $1
          RETURNING ${c.runAfter} AS run_after`,
          [jobId, to, message, retry.retryInMs],
        ),
      );
      await this.transition({
        kind: to === 'queued' ? 'retry-scheduled' : to === 'cancelled' ? 'cancelled' : 'failed',
        job: recordOf(row),
        from: 'running',
        to,
        error: message,
        runAfter: to === 'queued' ? updated[0].run_after : undefined,
      });
      return to;
    });
  }

  /**
   * Cancels a job in the caller's scope: a queued job at once; a running one is asked to stop
   * (its worker learns it from a notification or its next heartbeat).
   */
  async cancel(jobId: string): Promise<CancelOutcome> {
    const c = this.c;
    return this.db.transaction(async () => {
      const rows = (await this.db.manager.query(
        `SELECT ${this.record}, ${c.status} AS status FROM ${this.t} WHERE ${c.id} = $1 FOR UPDATE`,
        [jobId],
      )) as Array<Row & { status: JobStatus }>;
      const row = rows[0];
      if (!row) return 'not-found';
      if (row.status === 'queued') {
        await this.db.manager.query(
          `UPDATE ${this.t} SET ${c.status} = 'cancelled'::${this.table.statusType}, ${c.completedAt} = now() WHERE ${c.id} = $1`,
          [jobId],
        );
        await this.transition({
          kind: 'cancelled',
          job: recordOf(row),
          from: 'queued',
          to: 'cancelled',
        });
        return 'cancelled';
      }
      if (row.status === 'running') {
        await this.db.manager.query(
          `UPDATE ${this.t} SET ${c.cancelRequested} = true WHERE ${c.id} = $1`,
          [jobId],
        );
        this.db.afterCommit(() => this.notifier?.notify(this.channel, `cancel:${jobId}`));
        await this.transition({
          kind: 'cancel-requested',
          job: recordOf(row),
          from: 'running',
          to: 'running',
        });
        return 'cancel-requested';
      }
      return 'already-finished';
    });
  }

  /**
   * Returns jobs whose lease expired (their worker died or hung): queued again to run at
   * once while attempts remain, `failed` when none remain, `cancelled` if a cancel was asked.
   */
  async reap(limit = 100): Promise<number> {
    const c = this.c;
    return this.system(async () => {
      const rows = returned<Row & { status: JobStatus; run_after: Date }>(
        await this.db.manager.query(
          `WITH expired AS (
           SELECT ${c.id} AS id FROM ${this.t}
            WHERE ${c.status} = 'running' AND ${c.leaseExpiresAt} < now()
            ORDER BY ${c.leaseExpiresAt}
            LIMIT $1
            FOR UPDATE SKIP LOCKED)
         UPDATE ${this.t} j SET
                ${c.status} = (CASE WHEN j.${c.cancelRequested} THEN 'cancelled'
                                    WHEN j.${c.attempts} >= j.${c.maxAttempts} THEN 'failed'
                                    ELSE 'queued' END)::${this.table.statusType},
                ${c.lockedBy} = NULL, ${c.leaseExpiresAt} = NULL, ${c.runAfter} = now(),
                ${c.lastError} = 'lease expired: the worker stopped without finishing',
                ${c.completedAt} = CASE WHEN j.${c.cancelRequested} OR j.${c.attempts} >= j.${c.maxAttempts} THEN now() END
           FROM expired WHERE j.${c.id} = expired.id
         RETURNING j.${c.id} AS id, j.${c.type} AS type, j.${c.tenantId} AS tenant_id,
                   j.${c.ownerId} AS owner_id, j.${c.payload} AS payload, j.${c.attempts} AS attempts,
                   j.${c.maxAttempts} AS max_attempts, j.${c.status}::text AS status, j.${c.runAfter} AS run_after`,
          [limit],
        ),
      );
      for (const row of rows)
        await this.transition({
          kind: 'lease-expired',
          job: recordOf(row),
          from: 'running',
          to: row.status,
          error: 'lease expired',
          runAfter: row.status === 'queued' ? row.run_after : undefined,
        });
      return rows.length;
    });
  }

  /** A job's state in the caller's scope (another tenant's job is null). */
  async state(jobId: string): Promise<JobState | null> {
    const c = this.c;
    const rows = (await this.db.read(() =>
      this.db.manager.query(
        `SELECT ${this.record}, ${c.status}::text AS status, ${c.cancelRequested} AS cancel_requested,
                ${c.runAfter} AS run_after, ${c.createdAt} AS created_at, ${c.startedAt} AS started_at,
                ${c.completedAt} AS completed_at, ${c.lastError} AS last_error, ${c.result} AS result
           FROM ${this.t} WHERE ${c.id} = $1`,
        [jobId],
      ),
    )) as Array<
      Row & {
        status: JobStatus;
        cancel_requested: boolean;
        run_after: Date;
        created_at: Date;
        started_at: Date | null;
        completed_at: Date | null;
        last_error: string | null;
        result: unknown;
      }
    >;
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      tenantId: row.tenant_id,
      ownerId: row.owner_id,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      cancelRequested: row.cancel_requested,
      runAfter: row.run_after,
      createdAt: row.created_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      lastError: row.last_error,
      result: row.result,
    };
  }

  /**
   * The CTE `picked`: up to `limit` due queued jobs of `type`, locked, skipping those another
   * claim holds. MATERIALIZED, so that it runs once: as `WHERE id IN (subquery)` the planner
   * may re-run the subquery for each row it updates (a nested loop), and each re-run skips the
   * rows this statement already changed and locks the next ones, claiming more than `limit`.
   */
  private picked(type: string, limit: string): string {
    const c = this.c;
    return `picked AS MATERIALIZED (
           SELECT ${c.id} AS id FROM ${this.t}
            WHERE ${c.status} = 'queued' AND ${c.type} = ${type} AND ${c.runAfter} <= now()
            ORDER BY ${c.runAfter}, ${c.id}
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)`;
  }

  /** The columns of `this.record`, read from the row alias `alias`. */
  private recordColumns(alias: string): string {
    const c = this.c;
    return `${alias}.${c.id} AS id, ${alias}.${c.type} AS type, ${alias}.${c.tenantId} AS tenant_id,
      ${alias}.${c.ownerId} AS owner_id, ${alias}.${c.payload} AS payload,
      ${alias}.${c.attempts} AS attempts, ${alias}.${c.maxAttempts} AS max_attempts`;
  }

  /**
   * Claims and heartbeats commit without waiting for their WAL flush. Losing one in a database
   * crash is harmless: the job is merely queued again (or its lease shorter), and the fence on
   * `locked_by` keeps the worker that believed it held it from completing it. Completions and
   * failures do wait: a finished job must stay finished.
   */
  private async withoutWaitingForDisk(): Promise<void> {
    await this.db.manager.query(`SELECT set_config('synchronous_commit', 'off', true)`);
  }

  private system<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.asSystem(() => this.db.transaction(fn));
  }

  private async transition(transition: JobTransition): Promise<void> {
    if (this.listener) await this.listener.onTransition(transition);
  }
}
