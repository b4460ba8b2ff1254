import type { Actor } from '@opsledger/persistence';

export class ListWorkOrderPartsQuery {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
