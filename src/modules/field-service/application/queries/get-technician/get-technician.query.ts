import type { Actor } from '@opsledger/persistence';

export class GetTechnicianQuery {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
  ) {}
}
