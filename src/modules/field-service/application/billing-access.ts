import { DomainError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { FieldServiceViewers } from './field-service-viewer';

/** Who reads billing: dispatchers see the tenant's invoices and contracts, a customer its own. */
export type BillingViewer =
  | { kind: 'dispatcher'; tenantId: string }
  | { kind: 'customer'; tenantId: string; customerId: string };

export class BillingHiddenFromTechniciansError extends DomainError {
  constructor() {
    super(
      'FIELD_SERVICE.BILLING_FORBIDDEN',
      'forbidden',
      'Technicians do not see invoices or contracts',
    );
  }
}

export async function billingViewerOf(
  viewers: FieldServiceViewers,
  actor: Actor,
): Promise<BillingViewer> {
  const viewer = await viewers.resolve(actor);
  switch (viewer.kind) {
    case 'dispatcher':
      return { kind: 'dispatcher', tenantId: viewer.tenantId };
    case 'customer':
      return { kind: 'customer', tenantId: viewer.tenantId, customerId: viewer.customerId };
    case 'technician':
      throw new BillingHiddenFromTechniciansError();
  }
}

/**
 * The actor of the billing jobs: the system, acting inside one tenant, so the ledger shows a
 * system change in that tenant and row-level security keeps the job inside it.
 */
export function billingSystemActor(tenantId: string): Actor {
  return {
    id: null,
    type: 'system',
    tenantId,
    roles: ['system'],
    tenantRole: null,
    sessionId: null,
  };
}
