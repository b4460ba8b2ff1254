import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import type { BillingCycle } from '../contract-billing-cycle';

export class ContractCreatedEvent extends DomainEvent<{
  tenantId: string;
  contractNumber: string;
  customerId: string;
  startDate: string;
  endDate: string;
  terms: string | null;
  value: string;
  billingCycle: BillingCycle;
  status: 'draft';
  isActive: true;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.created.v1';
}

/** A draft's terms changed; carries only the fields that changed, `previous` their old values. */
export class ContractRevisedEvent extends DomainEvent<{
  startDate?: string;
  endDate?: string;
  terms?: string | null;
  value?: string;
  billingCycle?: BillingCycle;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.revised.v1';
}

export class ContractActivatedEvent extends DomainEvent<{ status: 'active' }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.activated.v1';
}

export class ContractExpiredEvent extends DomainEvent<{
  status: 'expired';
  endDate: string;
  asOf: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.expired.v1';
}

export class ContractTerminatedEvent extends DomainEvent<{ status: 'terminated' }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.terminated.v1';
}

export class ContractDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.deactivated.v1';
}

export class ContractReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.reactivated.v1';
}

export class ContractDeletedEvent extends DomainEvent<{ contractNumber: string; deleted: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.contract.deleted.v1';
}
