import { AggregateRoot, InvalidTransitionError, Money, StateMachine } from '@opsledger/ddd';
import { BillingFieldError, calendarDate, storableMoney, utcDate } from './billing-values';
import { BILLING_CYCLES, BillingCycle } from './contract-billing-cycle';
import {
  ContractAlreadyEndedError,
  ContractDatesError,
  ContractInactiveError,
  ContractNotEndedError,
} from './contract.errors';
import {
  ContractActivatedEvent,
  ContractCreatedEvent,
  ContractDeactivatedEvent,
  ContractDeletedEvent,
  ContractExpiredEvent,
  ContractReactivatedEvent,
  ContractRevisedEvent,
  ContractTerminatedEvent,
} from './events/contract.events';

export const CONTRACT_STATUSES = ['draft', 'active', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_ACTIONS = ['activate', 'expire', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

/** Issue 4's lifecycle: draft → active → expired | terminated. */
export const CONTRACT_LIFECYCLE = new StateMachine<ContractStatus, ContractAction>('contract', {
  draft: { activate: 'active' },
  active: { expire: 'expired', terminate: 'terminated' },
  expired: {},
  terminated: {},
});

/** Client-given, unique per tenant: letters and digits, then also `.`, `_`, `/`, `-`; 50 at most. */
export const CONTRACT_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/;
export const CONTRACT_TERMS_MAX_LENGTH = 10000;

export interface ContractState {
  tenantId: string;
  contractNumber: string;
  customerId: string;
  /** `YYYY-MM-DD`; the contract covers startDate through endDate, both included. */
  startDate: string;
  endDate: string;
  terms: string | null;
  value: Money;
  billingCycle: BillingCycle;
  status: ContractStatus;
  isActive: boolean;
  createdAt: Date;
  deleted: boolean;
}

export interface CreateContractProps {
  id: string;
  tenantId: string;
  contractNumber: string;
  customerId: string;
  startDate: string;
  endDate: string;
  terms?: string | null;
  value: string;
  billingCycle: BillingCycle;
}

export interface ContractRevision {
  startDate?: string;
  endDate?: string;
  /** null clears the terms; undefined leaves them. */
  terms?: string | null;
  value?: string;
  billingCycle?: BillingCycle;
}

function contractNumberOf(value: string): string {
  if (typeof value !== 'string' || !CONTRACT_NUMBER_PATTERN.test(value)) {
    throw new BillingFieldError(
      'CONTRACT.INVALID_NUMBER',
      'contractNumber',
      'contractNumber must be 1–50 letters, digits, dots, slashes, dashes or underscores',
      'invalid_input',
    );
  }
  return value;
}

function termsOf(terms: string | null | undefined): string | null {
  if (terms === null || terms === undefined) return null;
  const value = terms.trim();
  if (value.length > CONTRACT_TERMS_MAX_LENGTH) {
    throw new BillingFieldError(
      'CONTRACT.INVALID_TERMS',
      'terms',
      `terms must be at most ${CONTRACT_TERMS_MAX_LENGTH} characters`,
      'invalid_input',
    );
  }
  return value.length > 0 ? value : null;
}

function billingCycleOf(cycle: BillingCycle): BillingCycle {
  if (!BILLING_CYCLES.includes(cycle)) {
    throw new BillingFieldError(
      'CONTRACT.INVALID_BILLING_CYCLE',
      'billingCycle',
      `billingCycle must be one of ${BILLING_CYCLES.join(', ')}`,
      'invalid_input',
    );
  }
  return cycle;
}

function assertDates(startDate: string, endDate: string): void {
  if (endDate <= startDate) throw new ContractDatesError();
}

/** A service agreement (spec 003 `contracts`): a period, a value and a billing cycle. */
export class Contract extends AggregateRoot {
  readonly streamType = 'contract';

  private constructor(
    id: string,
    version: number,
    private state: ContractState,
  ) {
    super(id, version);
  }

  static create(props: CreateContractProps, now = new Date()): Contract {
    const state: ContractState = {
      tenantId: props.tenantId,
      contractNumber: contractNumberOf(props.contractNumber),
      customerId: props.customerId,
      startDate: calendarDate(props.startDate, 'startDate'),
      endDate: calendarDate(props.endDate, 'endDate'),
      terms: termsOf(props.terms),
      value: storableMoney(props.value, 'value'),
      billingCycle: billingCycleOf(props.billingCycle),
      status: 'draft',
      isActive: true,
      createdAt: now,
      deleted: false,
    };
    assertDates(state.startDate, state.endDate);
    const contract = new Contract(props.id, 0, state);
    contract.record(
      new ContractCreatedEvent(props.id, {
        tenantId: state.tenantId,
        contractNumber: state.contractNumber,
        customerId: state.customerId,
        startDate: state.startDate,
        endDate: state.endDate,
        terms: state.terms,
        value: state.value.toString(),
        billingCycle: state.billingCycle,
        status: 'draft',
        isActive: true,
      }),
    );
    return contract;
  }

  static rehydrate(id: string, version: number, state: ContractState): Contract {
    return new Contract(id, version, { ...state });
  }

  get snapshot(): Readonly<ContractState> {
    return this.state;
  }

  get status(): ContractStatus {
    return this.state.status;
  }

  /** A draft's terms may change; once active, a contract is what was agreed. */
  revise(changes: ContractRevision): void {
    this.assertDraft('edit');
    const next = {
      startDate:
        changes.startDate !== undefined
          ? calendarDate(changes.startDate, 'startDate')
          : this.state.startDate,
      endDate:
        changes.endDate !== undefined
          ? calendarDate(changes.endDate, 'endDate')
          : this.state.endDate,
      terms: changes.terms !== undefined ? termsOf(changes.terms) : this.state.terms,
      value: changes.value !== undefined ? storableMoney(changes.value, 'value') : this.state.value,
      billingCycle:
        changes.billingCycle !== undefined
          ? billingCycleOf(changes.billingCycle)
          : this.state.billingCycle,
    };
    assertDates(next.startDate, next.endDate);
    const payload: ContractRevisedEvent['payload'] = {};
    const previous: ContractRevisedEvent['previous'] = {};
    for (const key of ['startDate', 'endDate', 'terms', 'billingCycle'] as const) {
      if (next[key] !== this.state[key]) {
        Object.assign(payload, { [key]: next[key] });
        Object.assign(previous, { [key]: this.state[key] });
      }
    }
    if (!next.value.equals(this.state.value)) {
      payload.value = next.value.toString();
      previous.value = this.state.value.toString();
    }
    if (Object.keys(payload).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new ContractRevisedEvent(this.id, payload, previous));
  }

  /** `today` is the UTC date: a contract whose end date has passed cannot start. */
  activate(today = utcDate(new Date())): void {
    const status = this.next('activate');
    if (this.state.endDate < today) throw new ContractAlreadyEndedError(this.state.endDate);
    this.state = { ...this.state, status };
    this.record(new ContractActivatedEvent(this.id, { status: 'active' }, { status: 'draft' }));
  }

  /** Expires the day after the end date (the end date itself is still covered). */
  expire(today = utcDate(new Date())): void {
    const status = this.next('expire');
    if (this.state.endDate >= today) throw new ContractNotEndedError(this.state.endDate, today);
    this.state = { ...this.state, status };
    this.record(
      new ContractExpiredEvent(
        this.id,
        { status: 'expired', endDate: this.state.endDate, asOf: today },
        { status: 'active' },
      ),
    );
  }

  terminate(): void {
    const previous = this.state.status;
    this.state = { ...this.state, status: this.next('terminate') };
    this.record(
      new ContractTerminatedEvent(this.id, { status: 'terminated' }, { status: previous }),
    );
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new ContractDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.state = { ...this.state, isActive: true };
    this.record(new ContractReactivatedEvent(this.id, { isActive: true }, { isActive: false }));
  }

  delete(): void {
    this.assertDraft('delete');
    this.state = { ...this.state, deleted: true };
    this.record(
      new ContractDeletedEvent(
        this.id,
        { contractNumber: this.state.contractNumber, deleted: true },
        { deleted: false },
      ),
    );
  }

  private next(action: ContractAction): ContractStatus {
    const to = CONTRACT_LIFECYCLE.next(this.state.status, action);
    if (!this.state.isActive) throw new ContractInactiveError();
    return to;
  }

  private assertDraft(action: 'edit' | 'delete'): void {
    if (this.state.status !== 'draft') {
      throw new InvalidTransitionError(
        'contract',
        this.state.status,
        action,
        CONTRACT_LIFECYCLE.allowedActions(this.state.status),
      );
    }
    if (!this.state.isActive) throw new ContractInactiveError();
  }
}
