import type { Actor } from '@opsledger/persistence';

export class DeactivateOrganizationCommand {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
  ) {}
}
