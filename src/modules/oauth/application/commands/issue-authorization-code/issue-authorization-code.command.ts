import { Interaction } from '../../interaction';
import { OAuthClientView } from '../../queries/oauth-client.read-model';

export class IssueAuthorizationCodeCommand {
  constructor(
    readonly client: OAuthClientView,
    readonly interaction: Interaction,
    readonly userId: string,
    readonly tenantId: string | null,
    readonly sessionId: string,
    readonly authTime: Date,
  ) {}
}
