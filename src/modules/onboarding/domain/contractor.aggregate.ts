import { AggregateRoot } from '@opsledger/ddd';
import { CONTRACTOR_LIFECYCLE, ContractorStatus } from './contractor-lifecycle';
import {
  ContractorApprovedEvent,
  ContractorRegisteredEvent,
  ContractorRejectedEvent,
  ContractorReopenedEvent,
  ContractorSubmittedEvent,
  LapsedItem,
  ReviewReason,
} from './events/contractor.events';
import { RejectionReasonsRequiredError } from './onboarding.errors';
import { requiredText } from './onboarding-text';

export interface ContractorState {
  tenantId: string;
  userId: string;
  status: ContractorStatus;
  submittedAt: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
}

/**
 * A contractor of a tenant (spec 000 `contractor`), linked to the user who signs in for it.
 * Its lifecycle is CONTRACTOR_LIFECYCLE; every transition is an event carrying the old status.
 */
export class Contractor extends AggregateRoot {
  readonly streamType = 'onboarding-contractor';

  private constructor(
    id: string,
    version: number,
    private state: ContractorState,
  ) {
    super(id, version);
  }

  static register(
    props: { id: string; tenantId: string; userId: string },
    now = new Date(),
  ): Contractor {
    const contractor = new Contractor(props.id, 0, {
      tenantId: props.tenantId,
      userId: props.userId,
      status: 'pending',
      submittedAt: null,
      verifiedAt: null,
      createdAt: now,
    });
    contractor.record(
      new ContractorRegisteredEvent(props.id, {
        tenantId: props.tenantId,
        userId: props.userId,
        status: 'pending',
      }),
    );
    return contractor;
  }

  static rehydrate(id: string, version: number, state: ContractorState): Contractor {
    return new Contractor(id, version, { ...state });
  }

  get snapshot(): Readonly<ContractorState> {
    return this.state;
  }

  get status(): ContractorStatus {
    return this.state.status;
  }

  /** Hands the onboarding in for review (first time, or again after a rejection). */
  submit(now = new Date()): void {
    const previous = { status: this.state.status };
    CONTRACTOR_LIFECYCLE.next(this.state.status, 'submit');
    this.state = { ...this.state, status: 'in_review', submittedAt: now };
    this.record(
      new ContractorSubmittedEvent(
        this.id,
        { status: 'in_review', submittedAt: now.toISOString() },
        previous,
      ),
    );
  }

  approve(reviewerId: string, now = new Date()): void {
    const previous = { status: this.state.status };
    CONTRACTOR_LIFECYCLE.next(this.state.status, 'approve');
    this.state = { ...this.state, status: 'verified', verifiedAt: now };
    this.record(
      new ContractorApprovedEvent(
        this.id,
        { status: 'verified', verifiedAt: now.toISOString(), reviewerId },
        previous,
      ),
    );
  }

  /** A rejection names each refused item with its reason, for the contractor to fix. */
  reject(reviewerId: string, reasons: readonly ReviewReason[]): void {
    CONTRACTOR_LIFECYCLE.next(this.state.status, 'reject');
    if (reasons.length === 0) throw new RejectionReasonsRequiredError();
    const clean = reasons.map((r, i) => ({
      item: requiredText(r.item, `reasons[${i}].item`, 100),
      reason: requiredText(r.reason, `reasons[${i}].reason`, 1000),
    }));
    const previous = { status: this.state.status };
    this.state = { ...this.state, status: 'rejected' };
    this.record(
      new ContractorRejectedEvent(
        this.id,
        { status: 'rejected', reviewerId, reasons: clean },
        previous,
      ),
    );
  }

  /** A required item of a verified contractor lapsed: back to review. No-op unless verified. */
  reopenForLapse(lapsedItems: readonly LapsedItem[]): boolean {
    if (!CONTRACTOR_LIFECYCLE.can(this.state.status, 'reopen')) return false;
    const previous = { status: this.state.status };
    this.state = { ...this.state, status: 'in_review' };
    this.record(
      new ContractorReopenedEvent(
        this.id,
        { status: 'in_review', lapsedItems: [...lapsedItems] },
        previous,
      ),
    );
    return true;
  }
}
