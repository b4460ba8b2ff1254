import type { Actor } from '@opsledger/persistence';
import { FieldServiceViewer, FieldServiceViewers } from './field-service-viewer';
import { InventoryReadersOnlyError } from '../domain/inventory.errors';

/** Dispatchers and technicians read the inventory (technicians pick parts for their jobs). */
export async function inventoryReader(
  viewers: FieldServiceViewers,
  actor: Actor,
): Promise<FieldServiceViewer> {
  const viewer = await viewers.resolve(actor);
  if (viewer.kind === 'customer') throw new InventoryReadersOnlyError();
  return viewer;
}
