import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { OAuthClient } from '../../../domain/oauth-client.aggregate';
import { OAuthClientRepository } from '../../../domain/oauth-client.repository';
import { ClientSecrets } from '../../client-secrets';
import { assertPlatformAdmin } from '../../oauth-access';
import { RegisterClientCommand, RegisteredClient } from './register-client.command';

@CommandHandler(RegisterClientCommand)
export class RegisterClientHandler implements ICommandHandler<
  RegisterClientCommand,
  RegisteredClient
> {
  constructor(
    private readonly db: Db,
    private readonly clients: OAuthClientRepository,
    private readonly secrets: ClientSecrets,
  ) {}

  async execute(command: RegisterClientCommand): Promise<RegisteredClient> {
    assertPlatformAdmin(command.actor);
    const method = command.props.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const secret = method === 'none' ? null : this.secrets.newSecret();
    const client = OAuthClient.register({
      ...command.props,
      id: randomUUID(),
      clientId: this.secrets.newClientId(),
      secretHash: secret?.hash ?? null,
      tokenEndpointAuthMethod: method,
      tenantId: command.props.tenantId ?? null,
    });
    await this.db.transaction(() => this.clients.save(client));
    return { id: client.id, clientId: client.clientId, clientSecret: secret?.plaintext ?? null };
  }
}
