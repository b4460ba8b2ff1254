import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@opsledger/ddd';
import { Db, type Actor } from '@opsledger/persistence';
import { TenantRole } from '../domain/platform-role';
import {
  OwnerRoleRequiredError,
  TenantRequiredError,
  TenantRoleRequiredError,
} from '../domain/tenancy.errors';
import { TenantReader } from './queries/tenant.reader';
import { isPlatformAdmin } from './user-access';

export const TENANT_MANAGER_ROLES: readonly TenantRole[] = ['owner', 'admin'];

/**
 * Platform admins manage every tenant; owners and admins manage the tenant their token acts
 * in. The tenant role comes from the token, as the global guard reads it, so a role change
 * reaches a caller with their next token.
 */
export function managesTenant(actor: Actor, tenantId: string): boolean {
  return (
    isPlatformAdmin(actor) ||
    (actor.tenantId === tenantId && TENANT_MANAGER_ROLES.includes(actor.tenantRole as TenantRole))
  );
}

/** The tenant a tenant-scoped request acts in: the token's, never one named in the request. */
export function tenantOf(actor: Actor): string {
  if (!actor.tenantId) throw new TenantRequiredError();
  return actor.tenantId;
}

export function assertManagesTenant(actor: Actor, tenantId: string): void {
  if (!managesTenant(actor, tenantId)) throw new TenantRoleRequiredError(TENANT_MANAGER_ROLES);
}

/** Tenant admins manage members; granting, changing or removing ownership needs an owner. */
export function assertMayTouchOwnership(
  actor: Actor,
  ...roles: Array<TenantRole | undefined>
): void {
  if (!roles.includes('owner') || isPlatformAdmin(actor) || actor.tenantRole === 'owner') return;
  throw new OwnerRoleRequiredError();
}

/**
 * Access to a tenant named in the path. A caller who may not manage it is told it does not
 * exist when they cannot see it at all (another tenant's row is a 404), and refused (403)
 * when they belong to it without the role.
 */
@Injectable()
export class TenantAccess {
  constructor(
    private readonly db: Db,
    private readonly reader: TenantReader,
  ) {}

  async assertManages(actor: Actor, tenantId: string): Promise<void> {
    if (managesTenant(actor, tenantId)) return;
    const visible = await this.db.transaction(() =>
      this.reader.getTenant(tenantId, actor.id ?? ''),
    );
    if (!visible) throw new NotFoundError('tenant', tenantId);
    throw new TenantRoleRequiredError(TENANT_MANAGER_ROLES);
  }
}
