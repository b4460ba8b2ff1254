import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OAuthClientNotFoundError } from '../../../domain/oauth.errors';
import { OAuthClientRepository } from '../../../domain/oauth-client.repository';
import { ClientSecrets } from '../../client-secrets';
import { assertPlatformAdmin } from '../../oauth-access';
import { RotateClientSecretCommand } from './rotate-client-secret.command';

/** The old secret stops working at once; the new one is shown in this response only. */
@CommandHandler(RotateClientSecretCommand)
export class RotateClientSecretHandler implements ICommandHandler<
  RotateClientSecretCommand,
  { clientId: string; clientSecret: string }
> {
  constructor(
    private readonly db: Db,
    private readonly clients: OAuthClientRepository,
    private readonly secrets: ClientSecrets,
  ) {}

  async execute(
    command: RotateClientSecretCommand,
  ): Promise<{ clientId: string; clientSecret: string }> {
    assertPlatformAdmin(command.actor);
    const secret = this.secrets.newSecret();
    return this.db.transaction(async () => {
      const client = await this.clients.findById(command.id);
      if (!client) throw new OAuthClientNotFoundError();
      client.rotateSecret(secret.hash);
      await this.clients.save(client);
      return { clientId: client.clientId, clientSecret: secret.plaintext };
    });
  }
}
