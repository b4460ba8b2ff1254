import type { Actor } from '@opsledger/persistence';

export class SetTenantActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly active: boolean,
  ) {}
}
