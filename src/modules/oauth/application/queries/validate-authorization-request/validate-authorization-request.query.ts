import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { Interaction } from '../../interaction';
import { ProtocolParams } from '../../protocol-params';
import { OAuthClientView } from '../oauth-client.read-model';

export class ValidateAuthorizationRequestQuery {
  constructor(readonly params: ProtocolParams) {}
}

/**
 * RFC 6749 §4.1.2.1: without a trustworthy client and redirect URI the error is shown to
 * the user (`fatal`); once both are known, errors go back to the client (`redirect`).
 */
export type AuthorizationRequestValidation =
  | { kind: 'fatal'; error: OAuthProtocolError }
  | { kind: 'redirect'; redirectUri: string; state: string | undefined; error: OAuthProtocolError }
  | { kind: 'valid'; client: OAuthClientView; interaction: Interaction };
