import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ApiKeyNotFoundError } from '../../../domain/accounts.errors';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { vaultOwnerOf } from '../../vault-access';
import { RemoveApiKeyCommand } from './remove-api-key.command';

@CommandHandler(RemoveApiKeyCommand)
export class RemoveApiKeyHandler implements ICommandHandler<RemoveApiKeyCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(command: RemoveApiKeyCommand): Promise<void> {
    const userId = vaultOwnerOf(command.actor);
    await this.db.transaction(async () => {
      const key = await this.keys.findByUserAndService(userId, command.service);
      if (!key) throw new ApiKeyNotFoundError(command.service);
      assertVersion(key, command.expectedVersion);
      key.remove();
      await this.keys.save(key);
    });
  }
}
