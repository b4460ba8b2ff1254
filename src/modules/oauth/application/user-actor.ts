import type { Actor } from '@opsledger/persistence';

/** The user acting through the provider's pages, as the ledger and row-level security see them. */
export const userActor = (
  userId: string,
  sessionId: string | null = null,
  tenantId: string | null = null,
): Actor => ({
  id: userId,
  type: 'user',
  tenantId,
  roles: [],
  tenantRole: null,
  sessionId,
});
