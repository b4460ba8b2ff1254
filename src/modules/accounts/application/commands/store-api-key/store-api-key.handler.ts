import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { ApiKeyAlreadyStoredError } from '../../../domain/accounts.errors';
import { ApiKeyCipher } from '../../../domain/api-key-cipher.port';
import { ApiKey } from '../../../domain/api-key.aggregate';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { assertWithinLimit } from '../../../domain/plan';
import { PlanLimits } from '../../../plans.public';
import { vaultOwnerOf } from '../../vault-access';
import { StoreApiKeyCommand } from './store-api-key.command';

/** Stores the caller's key for a service: one per service, as many as the plan allows. */
@CommandHandler(StoreApiKeyCommand)
export class StoreApiKeyHandler implements ICommandHandler<StoreApiKeyCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyRepository,
    private readonly cipher: ApiKeyCipher,
    private readonly planLimits: PlanLimits,
  ) {}

  async execute(command: StoreApiKeyCommand): Promise<{ id: string }> {
    const userId = vaultOwnerOf(command.actor);
    const { service, secret } = command;
    // Key derivation costs tens of milliseconds: done before the transaction holds any lock.
    const encrypted = await this.cipher.encrypt(secret, { userId, service });
    return this.db.transaction(async () => {
      const held = await this.keys.countForUserExclusively(userId);
      if (await this.keys.findByUserAndService(userId, service))
        throw new ApiKeyAlreadyStoredError(service);
      const limits = await this.planLimits.forUser(userId);
      assertWithinLimit('maxApiKeys', held, limits.planName);
      const key = ApiKey.store({
        id: randomUUID(),
        userId,
        service,
        lastFour: secret.lastFour,
        encrypted,
      });
      await this.keys.save(key);
      return { id: key.id };
    });
  }
}
