import { AggregateRoot, DomainEvent } from '@opsledger/ddd';
import { sameAddress, toCustomerAddress } from './customer-address';
import { CUSTOMER_LIFECYCLE, CustomerAction, CustomerStatus } from './customer-lifecycle';
import {
  CustomerInUseError,
  CustomerPortalUserMissingError,
  CustomerPortalUserNotAMemberError,
  CustomerPortalUserTakenError,
  InvalidCustomerFieldError,
} from './customer.errors';
import {
  CustomerCreatedEvent,
  CustomerDeactivatedEvent,
  CustomerDeletedEvent,
  CustomerDetails,
  CustomerDetailsChangedEvent,
  CustomerPortalUserLinkedEvent,
  CustomerPersonalDataErasedEvent,
  CustomerPortalUserUnlinkedEvent,
  CustomerReactivatedEvent,
  CustomerReinstatedEvent,
  CustomerSuspendedEvent,
} from './events/customer.events';

export interface CustomerState extends CustomerDetails {
  tenantId: string;
  userId: string | null;
  status: CustomerStatus;
  createdAt: Date;
}

export interface CustomerDetailChanges {
  email?: string;
  phone?: string | null;
  companyName?: string | null;
  billingAddress?: unknown;
  serviceAddress?: unknown;
}

/** What the tenant knows about a user offered as a portal login. */
export interface PortalUserStanding {
  isTenantMember: boolean;
  /** Linked to a profile other than this customer (another customer, or a technician). */
  linkedElsewhere: boolean;
}

type StatusPayload = { status: CustomerStatus; isActive: boolean };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function email(value: string): string {
  const normalised = value.trim().toLowerCase();
  if (normalised.length > 255 || !EMAIL.test(normalised))
    throw new InvalidCustomerFieldError('email', 'email must be an email address');
  return normalised;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > max)
    throw new InvalidCustomerFieldError(field, `${field} must be at most ${max} characters`);
  return text.length > 0 ? text : null;
}

/** A service recipient of the tenant (spec 003 `customers`), with an optional portal login. */
export class Customer extends AggregateRoot {
  readonly streamType = 'customer';
  private removed = false;

  private constructor(
    id: string,
    version: number,
    private state: CustomerState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      email: string;
      phone?: string | null;
      companyName?: string | null;
      billingAddress?: unknown;
      serviceAddress?: unknown;
    },
    now = new Date(),
  ): Customer {
    const details: CustomerDetails = {
      email: email(props.email),
      phone: optionalText(props.phone, 'phone', 50),
      companyName: optionalText(props.companyName, 'companyName', 255),
      billingAddress: toCustomerAddress(props.billingAddress, 'billingAddress'),
      serviceAddress: toCustomerAddress(props.serviceAddress, 'serviceAddress'),
    };
    const customer = new Customer(props.id, 0, {
      ...details,
      tenantId: props.tenantId,
      userId: null,
      status: 'active',
      createdAt: now,
    });
    customer.record(
      new CustomerCreatedEvent(props.id, {
        ...details,
        tenantId: props.tenantId,
        status: 'active',
        isActive: true,
      }),
    );
    return customer;
  }

  static rehydrate(id: string, version: number, state: CustomerState): Customer {
    return new Customer(id, version, { ...state });
  }

  get snapshot(): Readonly<CustomerState> {
    return this.state;
  }

  get isActive(): boolean {
    return this.state.status !== 'inactive';
  }

  /** Set once `delete()` succeeded: the repository removes the row instead of updating it. */
  get isRemoved(): boolean {
    return this.removed;
  }

  changeDetails(changes: CustomerDetailChanges): void {
    const next: Partial<CustomerDetails> = {};
    const previous: Partial<CustomerDetails> = {};
    const s = this.state;
    if (changes.email !== undefined) {
      const value = email(changes.email);
      if (value !== s.email) [next.email, previous.email] = [value, s.email];
    }
    if (changes.phone !== undefined) {
      const value = optionalText(changes.phone, 'phone', 50);
      if (value !== s.phone) [next.phone, previous.phone] = [value, s.phone];
    }
    if (changes.companyName !== undefined) {
      const value = optionalText(changes.companyName, 'companyName', 255);
      if (value !== s.companyName)
        [next.companyName, previous.companyName] = [value, s.companyName];
    }
    if (changes.billingAddress !== undefined) {
      const value = toCustomerAddress(changes.billingAddress, 'billingAddress');
      if (!sameAddress(value, s.billingAddress))
        [next.billingAddress, previous.billingAddress] = [value, s.billingAddress];
    }
    if (changes.serviceAddress !== undefined) {
      const value = toCustomerAddress(changes.serviceAddress, 'serviceAddress');
      if (!sameAddress(value, s.serviceAddress))
        [next.serviceAddress, previous.serviceAddress] = [value, s.serviceAddress];
    }
    if (Object.keys(next).length === 0) return;
    this.state = { ...s, ...next };
    this.record(new CustomerDetailsChangedEvent(this.id, next, previous));
  }

  linkPortalUser(userId: string, standing: PortalUserStanding): void {
    if (!standing.isTenantMember) throw new CustomerPortalUserNotAMemberError();
    if (standing.linkedElsewhere) throw new CustomerPortalUserTakenError();
    if (this.state.userId === userId) return;
    const previous = this.state.userId;
    this.state = { ...this.state, userId };
    this.record(new CustomerPortalUserLinkedEvent(this.id, { userId }, { userId: previous }));
  }

  unlinkPortalUser(): void {
    const previous = this.state.userId;
    if (previous === null) throw new CustomerPortalUserMissingError();
    this.state = { ...this.state, userId: null };
    this.record(
      new CustomerPortalUserUnlinkedEvent(this.id, { userId: null }, { userId: previous }),
    );
  }

  /**
   * Right to erasure: the details become placeholders and the portal link goes; the record
   * stays for what refers to it (paid invoices must be kept). False when already erased.
   */
  erasePersonalData(): boolean {
    const s = this.state;
    const erased: CustomerDetails & { userId: null } = {
      email: `erased-${this.id}@erased.invalid`,
      phone: null,
      companyName: null,
      billingAddress: null,
      serviceAddress: null,
      userId: null,
    };
    const previous = {
      email: s.email,
      phone: s.phone,
      companyName: s.companyName,
      billingAddress: s.billingAddress,
      serviceAddress: s.serviceAddress,
      userId: s.userId,
    };
    if (JSON.stringify(previous) === JSON.stringify(erased)) return false;
    this.state = { ...s, ...erased };
    this.record(new CustomerPersonalDataErasedEvent(this.id, erased, previous));
    return true;
  }

  suspend(): void {
    this.move('suspend', CustomerSuspendedEvent);
  }

  reinstate(): void {
    this.move('reinstate', CustomerReinstatedEvent);
  }

  deactivate(): void {
    this.move('deactivate', CustomerDeactivatedEvent);
  }

  reactivate(): void {
    this.move('reactivate', CustomerReactivatedEvent);
  }

  /** Hard delete, for a customer nothing refers to; `hasDependents` comes from the repository. */
  delete(hasDependents: boolean): void {
    if (hasDependents) throw new CustomerInUseError();
    const { tenantId: _tenant, createdAt: _created, ...held } = this.state;
    this.removed = true;
    this.record(
      new CustomerDeletedEvent(
        this.id,
        { deleted: true },
        { ...held, isActive: this.isActive, deleted: false },
      ),
    );
  }

  private move(
    action: CustomerAction,
    Event: new (
      id: string,
      payload: StatusPayload,
      previous: StatusPayload,
    ) => DomainEvent<StatusPayload>,
  ): void {
    const from = this.state.status;
    const to = CUSTOMER_LIFECYCLE.next(from, action);
    this.state = { ...this.state, status: to };
    this.record(
      new Event(
        this.id,
        { status: to, isActive: to !== 'inactive' },
        { status: from, isActive: from !== 'inactive' },
      ),
    );
  }
}
