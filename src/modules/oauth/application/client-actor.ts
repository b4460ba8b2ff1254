import type { Actor } from '@opsledger/persistence';
import { OAuthClientView } from './queries/oauth-client.read-model';

/** Who the ledger names when a client acts at the token endpoints. */
export const clientActor = (
  client: OAuthClientView,
  tenantId: string | null = client.tenantId,
): Actor => ({
  id: client.clientId,
  type: 'client',
  tenantId,
  roles: [],
  tenantRole: null,
  sessionId: null,
});
