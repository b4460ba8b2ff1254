export interface OAuthClientView {
  id: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedOrigins: string[];
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
