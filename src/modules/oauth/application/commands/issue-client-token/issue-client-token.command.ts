import { OAuthClientView } from '../../queries/oauth-client.read-model';

export class IssueClientTokenCommand {
  constructor(
    readonly client: OAuthClientView,
    readonly scope: string | undefined,
    readonly resources: string[],
  ) {}
}
