import type { Actor } from '@opsledger/persistence';

export class SwitchTenantCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly refreshToken: string,
  ) {}
}
