import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export const LEAD_STATUSES = ['new', 'active', 'qualified', 'unqualified', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const OPT_STATUSES = ['opted_in', 'opted_out', 'pending'] as const;
export type OptStatus = (typeof OPT_STATUSES)[number];
/** Spec 002's message_channel: the ways an investor reaches a lead. */
export const OUTREACH_CHANNELS = ['sms', 'email', 'voice'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];

/** Who the lead is: every field names or reaches the person. */
export interface LeadDetails {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
}

const DETAILS: ReadonlyArray<keyof LeadDetails> = ['name', 'email', 'phone', 'company'];

export class LeadCreatedEvent extends DomainEvent<
  LeadDetails & {
    userId: string;
    workspaceId: string;
    status: LeadStatus;
    score: number | null;
    tags: string[];
    optStatus: OptStatus;
    source: 'api' | 'csv_import';
  }
> {
  static readonly personalData = personalData<LeadCreatedEvent>({ fields: DETAILS });
  readonly type = 'crm.lead.created.v1';
}

export class LeadDetailsRevisedEvent extends DomainEvent<Partial<LeadDetails>> {
  static readonly personalData = personalData<LeadDetailsRevisedEvent>({ fields: DETAILS });
  readonly type = 'crm.lead.details-revised.v1';
}

export class LeadRescoredEvent extends DomainEvent<{ score: number | null }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead.rescored.v1';
}

export class LeadRetaggedEvent extends DomainEvent<{ tags: string[] }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead.retagged.v1';
}

export class LeadStatusChangedEvent extends DomainEvent<{ status: LeadStatus }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead.status-changed.v1';
}

/** The person's own choice about being contacted. */
export class LeadOptStatusChangedEvent extends DomainEvent<{ optStatus: OptStatus }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead.opt-status-changed.v1';
}

/** Soft delete: the row stays (purged after 90 days), its email and phone are free again. */
export class LeadDeletedEvent extends DomainEvent<{ isDeleted: true; deletedAt: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead.deleted.v1';
}

/** A contact attempt (outreach) the investor made or is about to make. */
export class LeadContactedEvent extends DomainEvent<{
  channel: OutreachChannel;
  note: string | null;
  contactedAt: string;
}> {
  static readonly personalData = personalData<LeadContactedEvent>({ fields: ['note'] });
  readonly type = 'crm.lead.contacted.v1';
}
