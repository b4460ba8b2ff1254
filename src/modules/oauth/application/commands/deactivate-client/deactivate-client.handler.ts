import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OAuthClientNotFoundError } from '../../../domain/oauth.errors';
import { OAuthClientRepository } from '../../../domain/oauth-client.repository';
import { assertPlatformAdmin } from '../../oauth-access';
import { DeactivateClientCommand } from './deactivate-client.command';

/**
 * A deactivated client can no longer authenticate, authorize or refresh, and introspection
 * reports its tokens inactive; its last access tokens run out on their own (15 minutes).
 */
@CommandHandler(DeactivateClientCommand)
export class DeactivateClientHandler implements ICommandHandler<DeactivateClientCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly clients: OAuthClientRepository,
  ) {}

  async execute(command: DeactivateClientCommand): Promise<void> {
    assertPlatformAdmin(command.actor);
    await this.db.transaction(async () => {
      const client = await this.clients.findById(command.id);
      if (!client) throw new OAuthClientNotFoundError();
      client.deactivate();
      await this.clients.save(client);
    });
  }
}
