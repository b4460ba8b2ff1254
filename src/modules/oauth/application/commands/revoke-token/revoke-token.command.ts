import { OAuthClientView } from '../../queries/oauth-client.read-model';

export class RevokeTokenCommand {
  constructor(
    readonly client: OAuthClientView,
    readonly token: string,
  ) {}
}
