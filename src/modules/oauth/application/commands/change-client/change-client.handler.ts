import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OAuthClientNotFoundError } from '../../../domain/oauth.errors';
import { OAuthClientRepository } from '../../../domain/oauth-client.repository';
import { assertPlatformAdmin } from '../../oauth-access';
import { ChangeClientCommand } from './change-client.command';

@CommandHandler(ChangeClientCommand)
export class ChangeClientHandler implements ICommandHandler<ChangeClientCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly clients: OAuthClientRepository,
  ) {}

  async execute(command: ChangeClientCommand): Promise<void> {
    assertPlatformAdmin(command.actor);
    await this.db.transaction(async () => {
      const client = await this.clients.findById(command.id);
      if (!client) throw new OAuthClientNotFoundError();
      assertVersion(client, command.expectedVersion);
      client.changeSettings(command.changes);
      await this.clients.save(client);
    });
  }
}
