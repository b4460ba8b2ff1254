import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import type { ContractorStatus } from '../contractor-lifecycle';

/** An item of the onboarding a reviewer refuses, and why (shown to the contractor). */
export interface ReviewReason {
  item: string;
  reason: string;
}

/** An item that lapsed: which kind, which row. */
export interface LapsedItem {
  kind: 'license' | 'insurance_policy';
  id: string;
}

export class ContractorRegisteredEvent extends DomainEvent<{
  tenantId: string;
  userId: string;
  status: 'pending';
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.contractor.registered.v1';
}

export class ContractorSubmittedEvent extends DomainEvent<{
  status: 'in_review';
  submittedAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.contractor.submitted.v1';
}

export class ContractorApprovedEvent extends DomainEvent<{
  status: 'verified';
  verifiedAt: string;
  reviewerId: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.contractor.approved.v1';
}

/** Reasons are about the submitted items (a document unreadable, a policy lapsed), not the person. */
export class ContractorRejectedEvent extends DomainEvent<{
  status: 'rejected';
  reviewerId: string;
  reasons: ReviewReason[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.contractor.rejected.v1';
}

export class ContractorReopenedEvent extends DomainEvent<{
  status: 'in_review';
  lapsedItems: LapsedItem[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.contractor.reopened.v1';
}

export type ContractorTransitionEvent =
  | ContractorSubmittedEvent
  | ContractorApprovedEvent
  | ContractorRejectedEvent
  | ContractorReopenedEvent;

export type { ContractorStatus };
