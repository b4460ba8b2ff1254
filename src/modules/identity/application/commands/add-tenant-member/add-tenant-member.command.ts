import type { Actor } from '@opsledger/persistence';
import { TenantRole } from '../../../domain/platform-role';

/** The account to add, named by id or by email (exactly one). */
export type AccountRef = { userId: string } | { email: string };

export class AddTenantMemberCommand {
  constructor(
    readonly actor: Actor,
    readonly tenantId: string,
    readonly account: AccountRef,
    readonly role: TenantRole,
    readonly expiresAt: Date | null,
  ) {}
}
