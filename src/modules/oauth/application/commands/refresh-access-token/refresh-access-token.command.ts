import { OAuthClientView } from '../../queries/oauth-client.read-model';

export class RefreshAccessTokenCommand {
  constructor(
    readonly client: OAuthClientView,
    readonly refreshToken: string | undefined,
    /** A narrower scope than the grant's, or undefined for the same. */
    readonly scope: string | undefined,
  ) {}
}
