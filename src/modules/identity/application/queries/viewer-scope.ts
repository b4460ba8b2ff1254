import type { Actor } from '@opsledger/persistence';

/** Platform admins and support read across tenants; everyone else within their tenant. */
export function tenantScopeOf(actor: Actor): string | null {
  return actor.roles.includes('admin') || actor.roles.includes('support')
    ? null
    : (actor.tenantId ?? '00000000-0000-0000-0000-000000000000');
}

/**
 * Tenant roles that may read the tenant's account directory: those who manage its people or
 * dispatch its work. Every other login (members and viewers, which is what customer-portal and
 * technician logins are) sees only itself (issue 9).
 */
export const DIRECTORY_ROLES: readonly string[] = ['owner', 'admin', 'dispatcher'];

/** Whose accounts the actor may read: everyone (null), the tenant's members, or only itself. */
export function directoryScopeOf(actor: Actor): {
  tenantId: string | null;
  onlyUserId: string | null;
} {
  const tenantId = tenantScopeOf(actor);
  if (tenantId === null) return { tenantId, onlyUserId: null };
  const sees = actor.tenantRole !== null && DIRECTORY_ROLES.includes(actor.tenantRole);
  return { tenantId, onlyUserId: sees ? null : actor.id };
}
