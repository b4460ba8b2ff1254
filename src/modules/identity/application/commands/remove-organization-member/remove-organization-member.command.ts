import type { Actor } from '@opsledger/persistence';

export class RemoveOrganizationMemberCommand {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly userId: string,
  ) {}
}
