import { Money } from '@opsledger/ddd';
import { Technician } from './technician.aggregate';

/** Port: technicians of one tenant (state row + ledger events in one transaction). */
export abstract class TechnicianRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Technician | null>;
  abstract licenseTaken(
    tenantId: string,
    licenseNumber: string,
    exceptId?: string,
  ): Promise<boolean>;
  abstract hasWorkOrders(tenantId: string, id: string): Promise<boolean>;
  /** Whether the technician exists in the tenant and may take new assignments (active, not on leave). */
  abstract isAssignable(tenantId: string, id: string): Promise<boolean>;
  /** Whether the account is the portal login of another customer or technician of the tenant. */
  abstract portalUserLinkedElsewhere(
    tenantId: string,
    userId: string,
    technicianId: string,
  ): Promise<boolean>;
  /** The technician's current hourly rate, unlocked; null when the tenant has no such technician. */
  abstract hourlyRateOf(tenantId: string, id: string): Promise<Money | null>;
  /** The tenant's technician whose portal login the account is, if any. */
  abstract findIdByPortalUser(tenantId: string, userId: string): Promise<string | null>;
  abstract save(technician: Technician): Promise<void>;
}
