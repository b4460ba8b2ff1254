import type { Actor } from '@opsledger/persistence';
import { TenantRole } from '../../../domain/platform-role';

export interface TenantMemberChanges {
  role?: TenantRole;
  /** null removes the expiry; undefined leaves it. */
  expiresAt?: Date | null;
}

export class ChangeTenantMemberCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly userId: string,
    readonly changes: TenantMemberChanges,
    /** From If-Match: the membership version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
