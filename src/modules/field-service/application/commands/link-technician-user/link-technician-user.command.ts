import type { Actor } from '@opsledger/persistence';

export class LinkTechnicianUserCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    readonly userId: string,
    readonly expectedVersion?: number,
  ) {}
}
