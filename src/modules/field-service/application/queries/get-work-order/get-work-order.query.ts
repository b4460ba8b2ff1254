import type { Actor } from '@opsledger/persistence';

export class GetWorkOrderQuery {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {}
}
