import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '@opsledger/ddd';
import { canonicalJson } from '@opsledger/event-store';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { ErasureDiscovery, ErasureParticipant } from '@opsledger/personal-data';
import { CertificateSigner } from '../domain/certificate-signer.port';
import { ErasurePlan } from '../domain/erasure-plan';
import { ErasureRequest } from '../domain/erasure-request.aggregate';
import { ErasureRequestRepository } from '../domain/erasure-request.repository';
import { ErasureClaim, ErasureJobClaims } from './erasure-job.claims';
import { ERASURE_OPTIONS, ErasureOptions } from './erasure-options';
import { ErasureParticipants } from './erasure-participants';

/** How long a worker holds a request between two renewals; a dead worker's lease runs out. */
export const ERASURE_LEASE_MS = 5 * 60 * 1000;
/** Attempts before a request is marked failed. */
export const ERASURE_MAX_ATTEMPTS = 8;

/** Retry after 30 s, 1 min, 2 min, … at most an hour. */
export function erasureRetryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

class LeaseLostError extends Error {}

/**
 * Runs due erasure requests, each through every participant in order, then certifies it.
 * A request is claimed with a lease (FOR UPDATE SKIP LOCKED, renewed before each step), so
 * instances share the work and never run one request twice at once; each finished step is
 * recorded before the next starts, so a crash resumes where it stopped, and participants are
 * idempotent for the step that was cut short. A failed attempt is retried with backoff.
 */
@Injectable()
export class ErasureJob {
  private readonly logger = new Logger(ErasureJob.name);

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly claims: ErasureJobClaims,
    private readonly requests: ErasureRequestRepository,
    private readonly participants: ErasureParticipants,
    private readonly signer: CertificateSigner,
    @Inject(ERASURE_OPTIONS) private readonly options: ErasureOptions,
  ) {}

  /** Works through every due request; returns the ids this run completed. */
  async runDue(): Promise<string[]> {
    const completed: string[] = [];
    for (;;) {
      const claim = await this.asSystem(() => this.claims.claimDue(ERASURE_LEASE_MS));
      if (!claim) return completed;
      if (await this.work(claim)) completed.push(claim.id);
    }
  }

  private async work(claim: ErasureClaim): Promise<boolean> {
    try {
      return await this.asSystem(() => this.run(claim));
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      this.logger.error(
        { err: error, erasureRequestId: claim.id, attempt: claim.attempt },
        'erasure attempt failed',
      );
      await this.asSystem(() => this.giveBack(claim, message));
      return false;
    }
  }

  private async run(claim: ErasureClaim): Promise<boolean> {
    const request = await this.change(claim.id, async (r) => {
      if (r.status === 'scheduled') r.start(await this.plan(r.snapshot.userId));
    });
    if (request.status !== 'running') return false;
    const plan = request.snapshot.plan!;
    for (const name of request.pendingParticipants) {
      if (!(await this.claims.renew(claim, ERASURE_LEASE_MS))) throw new LeaseLostError();
      const participant = this.participants.byName(name);
      if (!participant) throw new Error(`erasure participant "${name}" is not available`);
      const receipts = await participant.erase({
        requestId: request.id,
        userId: request.snapshot.userId,
        subjects: plan.subjects,
        targets: plan.targets[name] ?? [],
      });
      await this.change(claim.id, (r) => r.completeStep(name, receipts));
    }
    if (!(await this.claims.renew(claim, ERASURE_LEASE_MS))) throw new LeaseLostError();
    const done = await this.change(claim.id, async (r) => {
      if (r.status !== 'running') return;
      const certificate = r.certificate(this.options.issuer);
      r.complete(certificate, await this.signer.sign(canonicalJson(certificate)));
    });
    this.logger.log({ erasureRequestId: claim.id }, 'erasure completed');
    return done.status === 'completed';
  }

  /**
   * Asks every participant what it holds before anything is erased, and adds what earlier
   * failed requests of the user found (records they anonymised are no longer linked to the
   * user, but their keys still wait to be shredded).
   */
  private async plan(userId: string): Promise<ErasurePlan> {
    const participants: readonly ErasureParticipant[] = this.participants.all();
    const plan: ErasurePlan = {
      subjects: [{ subjectId: userId, kind: 'person' }],
      targets: {},
      participants: participants.map((p) => p.name),
    };
    const found: Array<ErasureDiscovery & { name: string }> = [];
    for (const p of participants) found.push({ name: p.name, ...(await p.discover(userId)) });
    for (const earlier of await this.requests.plansOfFailed(userId))
      found.push(...Object.entries(earlier.targets).map(([name, targets]) => ({ name, targets })), {
        name: '',
        subjects: earlier.subjects,
      });
    for (const { name, subjects = [], targets = [] } of found) {
      for (const s of subjects)
        if (!plan.subjects.some((x) => x.subjectId === s.subjectId)) plan.subjects.push(s);
      if (!name || targets.length === 0 || !plan.participants.includes(name)) continue;
      const known = (plan.targets[name] ??= []);
      for (const target of targets)
        if (!known.some((k) => k.kind === target.kind && k.id === target.id)) known.push(target);
    }
    return plan;
  }

  private async giveBack(claim: ErasureClaim, message: string): Promise<void> {
    if (claim.attempt < ERASURE_MAX_ATTEMPTS) {
      await this.db.transaction(() =>
        this.claims.release(claim, erasureRetryDelayMs(claim.attempt), message),
      );
      return;
    }
    await this.change(claim.id, (r) => r.fail(claim.attempt, message));
  }

  private change(
    id: string,
    fn: (request: ErasureRequest) => void | Promise<void>,
  ): Promise<ErasureRequest> {
    return this.db.transaction(async () => {
      const request = await this.requests.findById(id);
      if (!request) throw new NotFoundError('erasure request', id);
      await fn(request);
      await this.requests.save(request);
      return request;
    });
  }

  private asSystem<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.run(SYSTEM_ACTOR, fn);
  }
}
