import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ApiKeyNotFoundError } from '../../../domain/accounts.errors';
import { ApiKeyCipher } from '../../../domain/api-key-cipher.port';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { vaultOwnerOf } from '../../vault-access';
import { ReplaceApiKeyCommand } from './replace-api-key.command';

/** Replaces the caller's key for a service with a new one, under a fresh salt and nonce. */
@CommandHandler(ReplaceApiKeyCommand)
export class ReplaceApiKeyHandler implements ICommandHandler<ReplaceApiKeyCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyRepository,
    private readonly cipher: ApiKeyCipher,
  ) {}

  async execute(command: ReplaceApiKeyCommand): Promise<void> {
    const userId = vaultOwnerOf(command.actor);
    const { service, secret } = command;
    const encrypted = await this.cipher.encrypt(secret, { userId, service });
    await this.db.transaction(async () => {
      const key = await this.keys.findByUserAndService(userId, service);
      if (!key) throw new ApiKeyNotFoundError(service);
      assertVersion(key, command.expectedVersion);
      key.replace(secret.lastFour, encrypted);
      await this.keys.save(key);
    });
  }
}
