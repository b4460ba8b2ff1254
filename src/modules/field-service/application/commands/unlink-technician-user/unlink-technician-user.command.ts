import type { Actor } from '@opsledger/persistence';

export class UnlinkTechnicianUserCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    readonly expectedVersion?: number,
  ) {}
}
