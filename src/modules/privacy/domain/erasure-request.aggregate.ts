import { AggregateRoot, StateMachine } from '@opsledger/ddd';
import {
  ErasureCancelledEvent,
  ErasureCompletedEvent,
  ErasureFailedEvent,
  ErasureRequestedEvent,
  ErasureStartedEvent,
  ErasureStepCompletedEvent,
} from './events/erasure-request.events';
import { ErasureNotCancellableError } from './erasure.errors';
import {
  CERTIFICATE_TYPE,
  ErasureCertificate,
  ErasurePlan,
  ErasureStep,
  ErasureStepReceipt,
} from './erasure-plan';

export type ErasureStatus = 'scheduled' | 'running' | 'completed' | 'cancelled' | 'failed';
export type ErasureVia = 'admin' | 'self';
type ErasureAction = 'cancel' | 'start' | 'complete' | 'fail';

export const ERASURE_LIFECYCLE = new StateMachine<ErasureStatus, ErasureAction>('erasure request', {
  scheduled: { cancel: 'cancelled', start: 'running', fail: 'failed' },
  running: { complete: 'completed', fail: 'failed' },
  completed: {},
  cancelled: {},
  failed: {},
});

export interface ErasureRequestState {
  userId: string;
  via: ErasureVia;
  requestedBy: string | null;
  status: ErasureStatus;
  /** The end of the grace period: the job leaves the request alone before it. */
  notBefore: Date;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  plan: ErasurePlan | null;
  steps: ErasureStep[];
  certificate: ErasureCertificate | null;
  signature: string | null;
}

/**
 * A request to erase one user's personal data everywhere, from its grace period (a user's own
 * request can be cancelled until it ends) through each participant's step to the signed
 * certificate. The job drives it; every transition is an event of its own stream.
 */
export class ErasureRequest extends AggregateRoot {
  readonly streamType = 'erasure-request';

  private constructor(
    id: string,
    version: number,
    private state: ErasureRequestState,
  ) {
    super(id, version);
  }

  static request(props: {
    id: string;
    userId: string;
    via: ErasureVia;
    requestedBy: string | null;
    gracePeriodMs: number;
    now?: Date;
  }): ErasureRequest {
    const now = props.now ?? new Date();
    const notBefore = new Date(now.getTime() + Math.max(0, props.gracePeriodMs));
    const request = new ErasureRequest(props.id, 0, {
      userId: props.userId,
      via: props.via,
      requestedBy: props.requestedBy,
      status: 'scheduled',
      notBefore,
      createdAt: now,
      startedAt: null,
      completedAt: null,
      cancelledAt: null,
      plan: null,
      steps: [],
      certificate: null,
      signature: null,
    });
    request.record(
      new ErasureRequestedEvent(props.id, {
        userId: props.userId,
        via: props.via,
        status: 'scheduled',
        notBefore: notBefore.toISOString(),
      }),
    );
    return request;
  }

  static rehydrate(id: string, version: number, state: ErasureRequestState): ErasureRequest {
    return new ErasureRequest(id, version, { ...state, steps: [...state.steps] });
  }

  get snapshot(): Readonly<ErasureRequestState> {
    return this.state;
  }

  get status(): ErasureStatus {
    return this.state.status;
  }

  cancel(by: string | null, now = new Date()): void {
    if (!ERASURE_LIFECYCLE.can(this.state.status, 'cancel'))
      throw new ErasureNotCancellableError(this.state.status);
    this.state = { ...this.state, status: 'cancelled', cancelledAt: now };
    this.record(
      new ErasureCancelledEvent(
        this.id,
        { status: 'cancelled', cancelledBy: by },
        { status: 'scheduled' },
      ),
    );
  }

  /** Starts with the plan the participants found; a started request keeps its first plan. */
  start(plan: ErasurePlan, now = new Date()): void {
    if (this.state.status === 'running') return;
    ERASURE_LIFECYCLE.next(this.state.status, 'start');
    this.state = { ...this.state, status: 'running', startedAt: now, plan };
    this.record(
      new ErasureStartedEvent(this.id, { status: 'running', plan }, { status: 'scheduled' }),
    );
  }

  /** Participants of the plan that have not finished yet, in order. */
  get pendingParticipants(): string[] {
    const done = new Set(this.state.steps.map((s) => s.participant));
    return (this.state.plan?.participants ?? []).filter((p) => !done.has(p));
  }

  /** Records a participant's receipts once; a step already recorded is left as it is. */
  completeStep(participant: string, receipts: ErasureStepReceipt[], now = new Date()): void {
    if (this.state.status !== 'running') ERASURE_LIFECYCLE.next(this.state.status, 'complete');
    if (this.state.steps.some((s) => s.participant === participant)) return;
    const step: ErasureStep = { participant, receipts, completedAt: now.toISOString() };
    this.state = { ...this.state, steps: [...this.state.steps, step] };
    this.record(new ErasureStepCompletedEvent(this.id, step));
  }

  /** The certificate of a request every participant has finished; signed by the caller. */
  certificate(issuer: string, now = new Date()): ErasureCertificate {
    const s = this.state;
    return {
      type: CERTIFICATE_TYPE,
      requestId: this.id,
      subject: s.userId,
      via: s.via,
      requestedBy: s.requestedBy,
      requestedAt: s.createdAt.toISOString(),
      completedAt: now.toISOString(),
      stores: s.steps.flatMap((step) =>
        step.receipts.map((r) => ({ participant: step.participant, ...r })),
      ),
      shreddedSubjects: new Set((s.plan?.subjects ?? []).map((x) => x.subjectId)).size,
      issuer,
    };
  }

  complete(certificate: ErasureCertificate, signature: string): void {
    if (this.pendingParticipants.length > 0)
      throw new Error(`erasure ${this.id} still waits for ${this.pendingParticipants.join(', ')}`);
    ERASURE_LIFECYCLE.next(this.state.status, 'complete');
    this.state = {
      ...this.state,
      status: 'completed',
      completedAt: new Date(certificate.completedAt),
      certificate,
      signature,
    };
    this.record(
      new ErasureCompletedEvent(
        this.id,
        { status: 'completed', certificate, signature },
        { status: 'running' },
      ),
    );
  }

  fail(attempts: number, error: string): void {
    const from = this.state.status;
    ERASURE_LIFECYCLE.next(from, 'fail');
    this.state = { ...this.state, status: 'failed' };
    this.record(
      new ErasureFailedEvent(this.id, { status: 'failed', attempts, error }, { status: from }),
    );
  }
}
