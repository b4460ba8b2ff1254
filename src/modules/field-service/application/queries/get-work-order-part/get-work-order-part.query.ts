import type { Actor } from '@opsledger/persistence';

export class GetWorkOrderPartQuery {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
