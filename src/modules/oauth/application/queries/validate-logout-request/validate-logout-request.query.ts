import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { ProtocolParams } from '../../protocol-params';
import { OAuthClientView } from '../oauth-client.read-model';

export class ValidateLogoutRequestQuery {
  constructor(
    readonly params: ProtocolParams,
    /** The browser's session, from its cookie. */
    readonly cookieSessionId: string | null,
  ) {}
}

export type LogoutRequestValidation =
  | { kind: 'fatal'; error: OAuthProtocolError }
  | {
      kind: 'valid';
      client: OAuthClientView | null;
      postLogoutRedirectUri: string | null;
      state: string | null;
      /** Sessions this request may end. */
      sessionIds: string[];
      /** Without a valid id_token_hint the user confirms on a page first (logout CSRF). */
      confirmed: boolean;
    };
