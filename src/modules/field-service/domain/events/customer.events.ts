import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import { CustomerAddress } from '../customer-address';
import { CustomerStatus } from '../customer-lifecycle';

export interface CustomerDetails {
  email: string;
  phone: string | null;
  companyName: string | null;
  billingAddress: CustomerAddress | null;
  serviceAddress: CustomerAddress | null;
}

/**
 * Every detail is personal: a customer may be a person, and a company's contact address and
 * phone name one. Sealed under the customer's own key.
 */
const CUSTOMER_PERSONAL_FIELDS: ReadonlyArray<keyof CustomerDetails> = [
  'email',
  'phone',
  'companyName',
  'billingAddress',
  'serviceAddress',
];

export class CustomerCreatedEvent extends DomainEvent<
  CustomerDetails & { tenantId: string; status: CustomerStatus; isActive: boolean }
> {
  static readonly personalData = personalData<CustomerCreatedEvent>({
    fields: CUSTOMER_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.customer.created.v1';
}

export class CustomerDetailsChangedEvent extends DomainEvent<Partial<CustomerDetails>> {
  static readonly personalData = personalData<CustomerDetailsChangedEvent>({
    fields: CUSTOMER_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.customer.details-changed.v1';
}

export class CustomerPortalUserLinkedEvent extends DomainEvent<{ userId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.portal-user-linked.v1';
}

export class CustomerPortalUserUnlinkedEvent extends DomainEvent<{ userId: null }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.portal-user-unlinked.v1';
}

/** One event type per lifecycle action, so the trail reads `suspended`, `reinstated`, … */
export class CustomerSuspendedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.suspended.v1';
}

export class CustomerReinstatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.reinstated.v1';
}

export class CustomerDeactivatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.deactivated.v1';
}

export class CustomerReactivatedEvent extends DomainEvent<{
  status: CustomerStatus;
  isActive: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.customer.reactivated.v1';
}

/** The row is gone; the event keeps what it held (as `previous`) for the audit trail. */
export class CustomerDeletedEvent extends DomainEvent<{ deleted: true }> {
  static readonly personalData = personalData<CustomerDeletedEvent>({
    fields: [],
    previousOnly: CUSTOMER_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.customer.deleted.v1';
}

/**
 * The customer's personal data was erased (right to erasure of its portal user): the details
 * are replaced by placeholders and the portal link removed; the record stays, for the work
 * orders, invoices and contracts that refer to it. `previous` holds the old values, sealed
 * under the customer's key, which the erasure shreds.
 */
export class CustomerPersonalDataErasedEvent extends DomainEvent<
  CustomerDetails & { userId: null }
> {
  static readonly personalData = personalData<CustomerPersonalDataErasedEvent>({
    fields: CUSTOMER_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.customer.personal-data-erased.v1';
}
