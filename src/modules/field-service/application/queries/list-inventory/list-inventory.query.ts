import type { Actor } from '@opsledger/persistence';
import { InventoryFilter } from '../inventory.read-model';

export class ListInventoryQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: InventoryFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
