import { DomainError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { FieldServiceViewer, FieldServiceViewers } from './field-service-viewer';

export class InventoryReadersOnlyError extends DomainError {
  constructor() {
    super(
      'FIELD_SERVICE.INVENTORY_READERS_ONLY',
      'forbidden',
      'Only dispatchers and technicians can read the inventory',
    );
  }
}

/** The item named in a request body: another tenant's is as unknown as a missing one. */
export class InventoryItemNotFoundError extends DomainError {
  constructor(id: string, field?: string) {
    super(
      'INVENTORY.NOT_FOUND',
      'not_found',
      `inventory item ${id} was not found`,
      field ? { field } : undefined,
    );
  }
}

/** Dispatchers and technicians read the inventory (technicians pick parts for their jobs). */
export async function inventoryReader(
  viewers: FieldServiceViewers,
  actor: Actor,
): Promise<FieldServiceViewer> {
  const viewer = await viewers.resolve(actor);
  if (viewer.kind === 'customer') throw new InventoryReadersOnlyError();
  return viewer;
}
