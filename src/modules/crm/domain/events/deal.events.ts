import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

export const DEAL_STATUSES = ['active', 'won', 'lost', 'archived'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** A deal's business terms; money as decimal strings (numeric(12,2)). */
export interface DealTerms {
  title: string;
  estimatedValue: string | null;
  probability: number | null;
  expectedCloseDate: string | null;
  notes: string | null;
}

/**
 * Deal text (title, notes, next action) is the investor's own working notes about a deal,
 * not data about a person: the people are the lead, whose personal data lives on the lead.
 */
export class DealOpenedEvent extends DomainEvent<
  DealTerms & {
    userId: string;
    tenantId: string;
    leadId: string | null;
    propertyId: string | null;
    status: 'active';
    stage: string;
    nextAction: string | null;
    nextActionDue: string | null;
  }
> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.opened.v1';
}

export class DealTermsRevisedEvent extends DomainEvent<Partial<DealTerms>> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.terms-revised.v1';
}

export class DealStageChangedEvent extends DomainEvent<{ stage: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.stage-changed.v1';
}

export class DealStatusChangedEvent extends DomainEvent<{
  status: DealStatus;
  reason: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.status-changed.v1';
}

export class DealNextActionPlannedEvent extends DomainEvent<{
  nextAction: string | null;
  nextActionDue: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.next-action-planned.v1';
}

/** A note a user adds to the deal's timeline. */
export class DealNoteAddedEvent extends DomainEvent<{ noteId: string; text: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.deal.note-added.v1';
}
