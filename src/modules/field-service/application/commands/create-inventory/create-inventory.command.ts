import type { Actor } from '@opsledger/persistence';

export interface NewInventoryItem {
  name: string;
  sku: string;
  description?: string | null;
  quantity?: number;
  reorderLevel?: number;
  unitCost?: string;
  location?: string | null;
  supplier?: string | null;
  discontinued?: boolean;
}

export class CreateInventoryCommand {
  constructor(
    readonly actor: Actor,
    readonly item: NewInventoryItem,
  ) {}
}
