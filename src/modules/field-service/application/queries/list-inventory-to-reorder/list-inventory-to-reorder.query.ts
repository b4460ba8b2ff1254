import type { Actor } from '@opsledger/persistence';

export class ListInventoryToReorderQuery {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
