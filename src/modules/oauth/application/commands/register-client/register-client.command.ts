import type { Actor } from '@opsledger/persistence';
import type { GrantType, TokenEndpointAuthMethod } from '../../../domain/oauth-client.aggregate';

export class RegisterClientCommand {
  constructor(
    readonly actor: Actor,
    readonly props: {
      name: string;
      redirectUris?: string[];
      postLogoutRedirectUris?: string[];
      allowedOrigins?: string[];
      grantTypes?: GrantType[];
      scopes?: string[];
      audience?: string[];
      tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
      isFirstParty?: boolean;
      tenantId?: string | null;
    },
  ) {}
}

export interface RegisteredClient {
  id: string;
  clientId: string;
  /** Shown once, in the response to the registration; only its hash is kept. */
  clientSecret: string | null;
}
