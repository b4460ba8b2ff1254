import { AggregateRoot, StateMachine } from '@opsledger/ddd';
import { DealClosedError, InvalidCrmFieldError } from './crm.errors';
import {
  DealNextActionPlannedEvent,
  DealNoteAddedEvent,
  DealOpenedEvent,
  DealStageChangedEvent,
  DealStatus,
  DealStatusChangedEvent,
  DealTerms,
  DealTermsRevisedEvent,
} from './events/deal.events';

export type DealAction = 'win' | 'lose' | 'archive' | 'reopen';

/**
 * active → won | lost | archived. A lost or archived deal may be reopened (the seller calls
 * back), subject to one active deal per property; a won deal is a closed purchase, a fact:
 * final.
 */
export const DEAL_LIFECYCLE = new StateMachine<DealStatus, DealAction>('deal', {
  active: { win: 'won', lose: 'lost', archive: 'archived' },
  won: {},
  lost: { reopen: 'active', archive: 'archived' },
  archived: { reopen: 'active' },
});

export interface DealState extends DealTerms {
  userId: string;
  tenantId: string;
  leadId: string | null;
  propertyId: string | null;
  status: DealStatus;
  stage: string;
  nextAction: string | null;
  nextActionDue: Date | null;
  createdAt: Date;
}

const STAGE = /^[a-z][a-z0-9_]{0,49}$/;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new InvalidCrmFieldError(field, `${field} must be at most ${max} characters`);
  return trimmed.length > 0 ? trimmed : null;
}

export function checkStage(stage: string): string {
  if (!STAGE.test(stage))
    throw new InvalidCrmFieldError(
      'stage',
      'stage is 1–50 lower-case letters, digits or _, starting with a letter (negotiation)',
    );
  return stage;
}

export type DealTermsInput = Partial<Omit<DealTerms, 'estimatedValue'>> & {
  estimatedValue?: string | number | null;
};

function terms(input: DealTermsInput, base: DealTerms | null): DealTerms {
  const title = input.title === undefined ? base?.title : text(input.title, 'title', 200);
  if (!title) throw new InvalidCrmFieldError('title', 'title is required');
  let estimatedValue = base?.estimatedValue ?? null;
  if (input.estimatedValue !== undefined) {
    const raw = input.estimatedValue === null ? null : String(input.estimatedValue).trim();
    if (raw !== null && !MONEY.test(raw))
      throw new InvalidCrmFieldError('estimatedValue', 'estimatedValue must be like 250000.00');
    estimatedValue = raw === null ? null : Number(raw).toFixed(2);
  }
  let probability = base?.probability ?? null;
  if (input.probability !== undefined) {
    if (
      input.probability !== null &&
      (!Number.isInteger(input.probability) || input.probability < 0 || input.probability > 100)
    )
      throw new InvalidCrmFieldError('probability', 'probability must be an integer 0–100');
    probability = input.probability;
  }
  let expectedCloseDate = base?.expectedCloseDate ?? null;
  if (input.expectedCloseDate !== undefined) {
    const d = input.expectedCloseDate;
    if (d !== null && (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))))
      throw new InvalidCrmFieldError('expectedCloseDate', 'expectedCloseDate must be YYYY-MM-DD');
    expectedCloseDate = d;
  }
  return {
    title,
    estimatedValue,
    probability,
    expectedCloseDate,
    notes: input.notes === undefined ? (base?.notes ?? null) : text(input.notes, 'notes', 10_000),
  };
}

/** A deal in one investor's pipeline (spec 002 `deals`). */
export class Deal extends AggregateRoot {
  readonly streamType = 'crm-deal';

  private constructor(
    id: string,
    version: number,
    private state: DealState,
  ) {
    super(id, version);
  }

  static open(
    props: DealTermsInput & {
      id: string;
      userId: string;
      tenantId: string;
      leadId?: string | null;
      propertyId?: string | null;
      stage?: string;
      nextAction?: string | null;
      nextActionDue?: Date | null;
    },
    now = new Date(),
  ): Deal {
    const t = terms(props, null);
    const stage = checkStage(props.stage ?? 'initial_contact');
    const nextAction = text(props.nextAction, 'nextAction', 500);
    const deal = new Deal(props.id, 0, {
      ...t,
      userId: props.userId,
      tenantId: props.tenantId,
      leadId: props.leadId ?? null,
      propertyId: props.propertyId ?? null,
      status: 'active',
      stage,
      nextAction,
      nextActionDue: props.nextActionDue ?? null,
      createdAt: now,
    });
    deal.record(
      new DealOpenedEvent(props.id, {
        ...t,
        userId: props.userId,
        tenantId: props.tenantId,
        leadId: props.leadId ?? null,
        propertyId: props.propertyId ?? null,
        status: 'active',
        stage,
        nextAction,
        nextActionDue: props.nextActionDue?.toISOString() ?? null,
      }),
    );
    return deal;
  }

  static rehydrate(id: string, version: number, state: DealState): Deal {
    return new Deal(id, version, { ...state });
  }

  get snapshot(): Readonly<DealState> {
    return this.state;
  }

  reviseTerms(input: DealTermsInput): void {
    this.assertActive();
    const next = terms(input, this.state);
    const changed: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(next) as Array<keyof DealTerms>) {
      if (next[key] === this.state[key]) continue;
      changed[key] = next[key];
      previous[key] = this.state[key];
    }
    if (Object.keys(changed).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new DealTermsRevisedEvent(this.id, changed as Partial<DealTerms>, previous));
  }

  /** Stages are free within an active deal (initial_contact, negotiation, under_contract…). */
  moveToStage(stage: string): void {
    this.assertActive();
    const next = checkStage(stage);
    if (next === this.state.stage) return;
    const previous = { stage: this.state.stage };
    this.state = { ...this.state, stage: next };
    this.record(new DealStageChangedEvent(this.id, { stage: next }, previous));
  }

  planNextAction(nextAction: string | null, due: Date | null): void {
    this.assertActive();
    const action = text(nextAction, 'nextAction', 500);
    if (
      action === this.state.nextAction &&
      (due?.getTime() ?? null) === (this.state.nextActionDue?.getTime() ?? null)
    )
      return;
    const previous = {
      nextAction: this.state.nextAction,
      nextActionDue: this.state.nextActionDue?.toISOString() ?? null,
    };
    this.state = { ...this.state, nextAction: action, nextActionDue: due };
    this.record(
      new DealNextActionPlannedEvent(
        this.id,
        { nextAction: action, nextActionDue: due?.toISOString() ?? null },
        previous,
      ),
    );
  }

  /** win, lose, archive or reopen, by the lifecycle (409 with the allowed actions otherwise). */
  transition(action: DealAction, reason: string | null = null): void {
    const to = DEAL_LIFECYCLE.next(this.state.status, action);
    const previous = { status: this.state.status };
    this.state = { ...this.state, status: to };
    this.record(
      new DealStatusChangedEvent(
        this.id,
        { status: to, reason: text(reason, 'reason', 500) },
        previous,
      ),
    );
  }

  addNote(noteId: string, note: string): void {
    const body = text(note, 'text', 5000);
    if (!body) throw new InvalidCrmFieldError('text', 'text is required');
    this.record(new DealNoteAddedEvent(this.id, { noteId, text: body }));
  }

  private assertActive(): void {
    if (this.state.status !== 'active') throw new DealClosedError(this.state.status);
  }
}
