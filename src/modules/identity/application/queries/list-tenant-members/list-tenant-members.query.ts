import type { Actor } from '@opsledger/persistence';

export class ListTenantMembersQuery {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
