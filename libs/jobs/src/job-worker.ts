import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Actor, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  JobCancelledError,
  JobHandler,
  PermanentJobError,
  retryDelayMs,
  RetryBackoff,
  RunningJob,
} from './job-handler';
import { JobNotifications } from './job-notifications';
import { describeError, JobQueue, JobSuccess } from './job-queue';
import { JobRecord } from './job-transition';

export const JOB_WORKER_OPTIONS = Symbol('JOB_WORKER_OPTIONS');

export interface JobWorkerOptions {
  /** Starts the workers with the application (off in tests, which start them themselves). */
  enabled: boolean;
  /** Jobs of one type run at once in this process, unless its registration says otherwise. */
  concurrency: number;
  /** Idle workers look for due jobs this often even without a notification. */
  pollMs: number;
  leaseMs: number;
  /** How often this process returns expired leases (every process does; SKIP LOCKED shares it). */
  reapIntervalMs: number;
  backoff: RetryBackoff;
}

export interface JobRegistration<P = unknown, R = unknown> {
  queue: JobQueue;
  type: string;
  handler: JobHandler<P, R>;
  concurrency?: number;
  leaseMs?: number;
  backoff?: RetryBackoff;
}

interface Lane {
  registration: JobRegistration;
  concurrency: number;
  leaseMs: number;
  backoff: RetryBackoff;
  active: Map<string, AbortController>;
  executions: Set<Promise<void>>;
  /**
   * Successes whose handler returned and whose slot is free again, not yet committed: the
   * lane's next exchange records them all at once (see `runLane`).
   */
  finished: JobSuccess[];
  wake: () => void;
  /** A wake-up that came while the loop was busy: the next sleep returns at once. */
  woken: boolean;
  sleeping: Promise<void> | null;
  loop: Promise<void> | null;
}

/** Whose rights a job's handler runs with: its owner in its tenant, or the system in it. */
export function actorOfJob(job: Pick<JobRecord, 'tenantId' | 'ownerId'>): Actor {
  return job.ownerId
    ? {
        id: job.ownerId,
        type: 'user',
        tenantId: job.tenantId,
        roles: [],
        tenantRole: null,
        sessionId: null,
      }
    : {
        id: null,
        type: 'system',
        tenantId: job.tenantId,
        roles: ['system'],
        tenantRole: null,
        sessionId: null,
      };
}

/**
 * Runs the registered job types: per type a loop that claims as many due jobs as it has free
 * slots, runs each handler as the job's owner in the job's tenant (row-level security bound
 * to them, never the system scope unless the job has no tenant), renews the lease while the
 * handler runs, and records success, retry with backoff, failure or cancellation. It wakes at
 * once on a NOTIFY from `enqueue` or a freed slot, and polls as a fallback; a timer reaps
 * expired leases of every queue it serves.
 *
 * Successes are recorded by the loop, together with its next claim: a handler that returns
 * frees its slot at once and leaves its result in the lane's buffer; the loop's next
 * `completeAndClaim` commits every buffered success and claims jobs for the free slots, in one
 * durable transaction. The buffer is drained as soon as the loop's statement in flight (if
 * any) returns, so a success waits at most for one round trip before it is committed. A
 * worker killed in that window loses nothing: the job is still `running` under its lease, and
 * the reaper gives it to another worker, which runs it again (at least once, as for a worker
 * killed while the handler ran). Failures, retries and cancellations are recorded by the job's
 * own execution, as before.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorker.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly lanes: Lane[] = [];
  private running = false;
  private reaper: NodeJS.Timeout | null = null;
  private unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(JOB_WORKER_OPTIONS) private readonly options: JobWorkerOptions,
    private readonly context: RequestContext,
    private readonly notifications: JobNotifications,
  ) {}

  /** Contexts register their job types while modules initialise. */
  register<P, R>(registration: JobRegistration<P, R>): void {
    if (this.lanes.some((l) => this.sameLane(l.registration, registration as JobRegistration)))
      throw new Error(`Job type ${registration.type} is registered twice`);
    this.lanes.push({
      registration: registration as JobRegistration,
      concurrency: registration.concurrency ?? this.options.concurrency,
      leaseMs: registration.leaseMs ?? this.options.leaseMs,
      backoff: registration.backoff ?? this.options.backoff,
      active: new Map(),
      executions: new Set(),
      finished: [],
      wake: () => undefined,
      woken: false,
      sleeping: null,
      loop: null,
    });
    const lane = this.lanes[this.lanes.length - 1];
    lane.wake = () => {
      lane.woken = true;
    };
    if (this.running) void this.startLane(lane);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const queue of this.queues()) {
      this.unsubscribe.push(
        await this.notifications.subscribe(queue.channel, (payload) =>
          this.notified(queue, payload),
        ),
      );
    }
    for (const lane of this.lanes) void this.startLane(lane);
    this.reaper = setInterval(() => void this.reap(), this.options.reapIntervalMs);
    this.reaper.unref();
  }

  /**
   * Stops claiming and waits up to `graceMs` for running handlers; those still running then
   * are told to stop, and their leases run out for another worker to take them.
   */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.reaper) clearInterval(this.reaper);
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    for (const lane of this.lanes) lane.wake();
    const pending = this.lanes.flatMap((l) => [...(l.loop ? [l.loop] : []), ...l.executions]);
    const timeout = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.all(pending), timeout]);
    for (const lane of this.lanes)
      for (const abort of lane.active.values()) abort.abort(new JobCancelledError('lease-lost'));
  }

  /** Returns expired leases of every queue this worker serves; answers how many. */
  async reap(): Promise<number> {
    let total = 0;
    for (const queue of this.queues()) {
      try {
        total += await queue.reap();
      } catch (error) {
        this.logger.error({ err: error, table: queue.table.name }, 'job reaper failed');
      }
    }
    for (const lane of this.lanes) if (total > 0) lane.wake();
    return total;
  }

  private queues(): JobQueue[] {
    return [...new Set(this.lanes.map((l) => l.registration.queue))];
  }

  private sameLane(a: JobRegistration, b: JobRegistration): boolean {
    return a.queue.table.name === b.queue.table.name && a.type === b.type;
  }

  private notified(queue: JobQueue, payload: string): void {
    if (payload.startsWith('job:')) {
      const type = payload.slice(4);
      for (const lane of this.lanes)
        if (lane.registration.queue === queue && lane.registration.type === type) lane.wake();
    } else if (payload.startsWith('cancel:')) {
      const id = payload.slice(7);
      for (const lane of this.lanes)
        if (lane.registration.queue === queue)
          lane.active.get(id)?.abort(new JobCancelledError('cancelled'));
    }
  }

  private startLane(lane: Lane): Promise<void> {
    lane.loop ??= this.runLane(lane).finally(() => {
      lane.loop = null;
    });
    return lane.loop;
  }

  private async runLane(lane: Lane): Promise<void> {
    const { queue, type } = lane.registration;
    while (this.running) {
      const free = lane.concurrency - lane.active.size;
      const done = lane.finished.splice(0);
      let claimed = 0;
      if (free > 0 || done.length > 0) {
        try {
          const outcome = await queue.completeAndClaim(
            type,
            this.workerId,
            done,
            Math.max(0, free),
            lane.leaseMs,
          );
          claimed = outcome.claimed.length;
          for (const job of outcome.claimed) this.launch(lane, job);
        } catch (error) {
          this.logger.error({ err: error, type }, 'job claim failed');
          await this.succeedOneByOne(queue, done);
        }
      }
      // A full batch means more may be waiting: claim again at once while slots are free.
      if (claimed > 0 && claimed === free && lane.active.size < lane.concurrency) continue;
      await this.sleep(lane);
    }
    // Stopping: record what finished before `running` went false (later ones record their own).
    await this.succeedOneByOne(queue, lane.finished.splice(0));
  }

  /**
   * Records successes one transaction each: when stopping, or when a batch failed (one
   * refused transition must not keep the others from being recorded). One that cannot be
   * recorded keeps its lease until it runs out; the reaper then returns the job.
   */
  private async succeedOneByOne(queue: JobQueue, done: readonly JobSuccess[]): Promise<void> {
    for (const { jobId, result } of done) {
      try {
        await queue.succeed(jobId, this.workerId, result);
      } catch (error) {
        this.logger.error({ err: error, jobId }, 'could not record a job outcome');
      }
    }
  }

  private sleep(lane: Lane): Promise<void> {
    if (lane.woken) {
      lane.woken = false;
      return Promise.resolve();
    }
    lane.sleeping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      lane.wake = done;
    }).finally(() => {
      lane.sleeping = null;
      lane.woken = false;
      lane.wake = () => {
        lane.woken = true;
      };
    });
    return lane.sleeping;
  }

  private launch(lane: Lane, job: JobRecord): void {
    const abort = new AbortController();
    lane.active.set(job.id, abort);
    const execution = this.execute(lane, job, abort).finally(() => {
      lane.active.delete(job.id);
      lane.executions.delete(execution);
      lane.wake();
    });
    lane.executions.add(execution);
  }

  private async execute(lane: Lane, job: JobRecord, abort: AbortController): Promise<void> {
    const { queue, handler } = lane.registration;
    const heartbeat = setInterval(
      () => {
        queue
          .heartbeat(job.id, this.workerId, lane.leaseMs)
          .then((held) => {
            if (!held) abort.abort(new JobCancelledError('lease-lost'));
            else if (held.cancelRequested) abort.abort(new JobCancelledError('cancelled'));
          })
          .catch((error: unknown) =>
            this.logger.warn({ err: error, jobId: job.id }, 'heartbeat failed'),
          );
      },
      Math.max(50, Math.floor(lane.leaseMs / 3)),
    );
    heartbeat.unref();
    const running: RunningJob = {
      id: job.id,
      type: job.type,
      payload: job.payload,
      tenantId: job.tenantId,
      ownerId: job.ownerId,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      signal: abort.signal,
      throwIfCancelled: () => {
        if (abort.signal.aborted)
          throw abort.signal.reason instanceof JobCancelledError
            ? abort.signal.reason
            : new JobCancelledError('cancelled');
      },
    };
    try {
      let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
      try {
        const result = await this.context.run(actorOfJob(job), () => handler(running), {
          systemScope: job.tenantId === null,
        });
        outcome = { ok: true, result };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        clearInterval(heartbeat);
      }
      const reason = abort.signal.reason as unknown;
      if (reason instanceof JobCancelledError && reason.reason === 'lease-lost') return;
      if (outcome.ok) {
        // The lane's loop records it with its next claim; once stopping, no loop will.
        if (this.running && lane.loop)
          lane.finished.push({ jobId: job.id, result: outcome.result });
        else await queue.succeed(job.id, this.workerId, outcome.result);
        return;
      }
      const error = outcome.error;
      const retryable =
        !(error instanceof PermanentJobError) && !(error instanceof JobCancelledError);
      const status = await queue.fail(job.id, this.workerId, error, {
        retryable,
        retryInMs: retryDelayMs(job.attempts, lane.backoff),
      });
      if (status === 'failed')
        this.logger.warn(
          { jobId: job.id, type: job.type, attempts: job.attempts, error: describeError(error) },
          'job failed',
        );
    } catch (error) {
      // The job keeps its lease until it runs out; the reaper then returns it.
      this.logger.error({ err: error, jobId: job.id }, 'could not record a job outcome');
    }
  }
}
