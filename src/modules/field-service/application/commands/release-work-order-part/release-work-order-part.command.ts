import type { Actor } from '@opsledger/persistence';

export class ReleaseWorkOrderPartCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
