import type { Actor } from '@opsledger/persistence';

export class GetTenantQuery {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
  ) {}
}
