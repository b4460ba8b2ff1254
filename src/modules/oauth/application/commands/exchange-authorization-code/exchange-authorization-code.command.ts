import { OAuthClientView } from '../../queries/oauth-client.read-model';

export class ExchangeAuthorizationCodeCommand {
  constructor(
    /** Already authenticated. */
    readonly client: OAuthClientView,
    readonly code: string | undefined,
    readonly redirectUri: string | undefined,
    readonly codeVerifier: string | undefined,
    readonly resources: string[],
  ) {}
}
