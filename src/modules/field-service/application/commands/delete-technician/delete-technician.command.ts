import type { Actor } from '@opsledger/persistence';

export class DeleteTechnicianCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    readonly expectedVersion?: number,
  ) {}
}
