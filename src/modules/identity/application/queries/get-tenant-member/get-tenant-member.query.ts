import type { Actor } from '@opsledger/persistence';

export class GetTenantMemberQuery {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly userId: string,
  ) {}
}
