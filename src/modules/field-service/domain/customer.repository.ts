import { Customer } from './customer.aggregate';

/** Port: customers of one tenant (state row + ledger events in one transaction). */
export abstract class CustomerRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Customer | null>;
  abstract emailTaken(tenantId: string, email: string, exceptId?: string): Promise<boolean>;
  /** Whether work orders, invoices or contracts refer to the customer. */
  abstract hasDependents(tenantId: string, id: string): Promise<boolean>;
  /** Whether the customer exists in the tenant and takes new work orders (status active). */
  abstract acceptsWorkOrders(tenantId: string, id: string): Promise<boolean>;
  /** Whether the account is the portal login of another customer or technician of the tenant. */
  abstract portalUserLinkedElsewhere(
    tenantId: string,
    userId: string,
    customerId: string,
  ): Promise<boolean>;
  /** The tenant's customer whose portal login the account is, if any. */
  abstract findIdByPortalUser(tenantId: string, userId: string): Promise<string | null>;
  abstract save(customer: Customer): Promise<void>;
}
