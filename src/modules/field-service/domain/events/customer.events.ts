import { DomainEvent } from '@opsledger/ddd';
import { CustomerAddress } from '../customer-address';
import { CustomerStatus } from '../customer-lifecycle';

export interface CustomerDetails {
  email: string;
  phone: string | null;
  companyName: string | null;
  billingAddress: CustomerAddress | null;
  serviceAddress: CustomerAddress | null;
}

export class CustomerCreatedEvent extends DomainEvent<
  CustomerDetails & { tenantId: string; status: CustomerStatus; isActive: boolean }
> {
  readonly type = 'field-service.customer.created.v1';
}

export class CustomerDetailsChangedEvent extends DomainEvent<Partial<CustomerDetails>> {
  readonly type = 'field-service.customer.details-changed.v1';
}

export class CustomerPortalUserLinkedEvent extends DomainEvent<{ userId: string }> {
  readonly type = 'field-service.customer.portal-user-linked.v1';
}

export class CustomerPortalUserUnlinkedEvent extends DomainEvent<{ userId: null }> {
  readonly type = 'field-service.customer.portal-user-unlinked.v1';
}

/** One event type per lifecycle action, so the trail reads `suspended`, `reinstated`, … */
export class CustomerSuspendedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  readonly type = 'field-service.customer.suspended.v1';
}

export class CustomerReinstatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  readonly type = 'field-service.customer.reinstated.v1';
}

export class CustomerDeactivatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  readonly type = 'field-service.customer.deactivated.v1';
}

export class CustomerReactivatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  readonly type = 'field-service.customer.reactivated.v1';
}

/** The row is gone; the event keeps what it held (as `previous`) for the audit trail. */
export class CustomerDeletedEvent extends DomainEvent<{ deleted: true }> {
  readonly type = 'field-service.customer.deleted.v1';
}
