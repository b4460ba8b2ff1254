import type { Actor } from '@opsledger/persistence';

/** Platform admins and support read across tenants; everyone else within their tenant. */
export function tenantScopeOf(actor: Actor): string | null {
  return actor.roles.includes('admin') || actor.roles.includes('support')
    ? null
    : (actor.tenantId ?? '00000000-0000-0000-0000-000000000000');
}
