import type { Actor } from '@opsledger/persistence';

export class ConsumeWorkOrderPartCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
