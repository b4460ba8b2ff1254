import { Page } from '@opsledger/http';

export interface OAuthClientView {
  id: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: string[];
  scopes: string[];
  audience: string[];
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  isFirstParty: boolean;
  isActive: boolean;
  tenantId: string | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Read port over oauth_clients: admin listings and the protocol endpoints' lookups. */
export abstract class OAuthClientReader {
  abstract get(id: string): Promise<OAuthClientView | null>;
  abstract findByClientId(clientId: string): Promise<OAuthClientView | null>;
  /** The client and its secret's hash, for client authentication only. */
  abstract credentialsOf(
    clientId: string,
  ): Promise<{ client: OAuthClientView; secretHash: string | null } | null>;
  abstract list(limit: number, cursor: string | undefined): Promise<Page<OAuthClientView>>;
}
