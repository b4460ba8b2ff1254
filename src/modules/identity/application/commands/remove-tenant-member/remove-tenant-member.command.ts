import type { Actor } from '@opsledger/persistence';

export class RemoveTenantMemberCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly userId: string,
  ) {}
}
