import type { Actor } from '@opsledger/persistence';
import { TenantSettings } from '../../../domain/tenant.aggregate';

export interface TenantChanges {
  name?: string;
  /** null clears the domain; undefined leaves it. */
  domain?: string | null;
  settings?: Partial<TenantSettings>;
}

export class ChangeTenantCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly changes: TenantChanges,
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
