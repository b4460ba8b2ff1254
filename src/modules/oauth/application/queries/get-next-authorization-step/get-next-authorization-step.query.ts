import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { Interaction } from '../../interaction';
import { OAuthClientView } from '../oauth-client.read-model';

export class GetNextAuthorizationStepQuery {
  constructor(
    readonly interaction: Interaction,
    /** The browser's sign-in session, from its cookie. */
    readonly sessionId: string | null,
  ) {}
}

export interface TenantChoice {
  tenantId: string;
  name: string;
  role: string;
  isDefault: boolean;
}

/** What the browser sees next: a page, or the redirect back to the client. */
export type AuthorizationStep =
  | { kind: 'login'; client: OAuthClientView }
  | { kind: 'tenant'; client: OAuthClientView; choices: TenantChoice[] }
  | {
      kind: 'consent';
      client: OAuthClientView;
      scopes: string[];
      userId: string;
      userLabel: string;
    }
  | {
      kind: 'issue';
      client: OAuthClientView;
      userId: string;
      tenantId: string | null;
      sessionId: string;
      authTime: Date;
    }
  | { kind: 'error'; error: OAuthProtocolError };
