import type { Actor } from '@opsledger/persistence';

export class SetDefaultTenantCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
  ) {}
}
