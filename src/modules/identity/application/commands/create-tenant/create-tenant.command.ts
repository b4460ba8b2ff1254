import type { Actor } from '@opsledger/persistence';
import { TenantSettings } from '../../../domain/tenant.aggregate';

export class CreateTenantCommand {
  constructor(
    readonly actor: Actor,
    readonly name: string,
    readonly slug: string,
    readonly domain: string | null,
    readonly settings: Partial<TenantSettings>,
    /** When given, this account becomes the tenant's first owner in the same transaction. */
    readonly ownerUserId: string | null,
  ) {}
}
