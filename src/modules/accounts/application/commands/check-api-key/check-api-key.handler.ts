import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ApiKeyNotFoundError, ApiKeyUndecryptableError } from '../../../domain/accounts.errors';
import { ApiKeyCipher } from '../../../domain/api-key-cipher.port';
import { HealthCheckResult } from '../../../domain/api-key.aggregate';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { ApiKeyHealthChecker } from '../../api-key-health-checker.port';
import { vaultOwnerOf } from '../../vault-access';
import { CheckApiKeyCommand } from './check-api-key.command';

/**
 * Decrypts the caller's key on the server, asks the health checker about it and records the
 * outcome. The check runs between two short transactions, so a checker that calls the
 * provider over the network never holds a row lock; if the key changed meanwhile, the result
 * is about a key that is gone and is refused as a conflict.
 */
@CommandHandler(CheckApiKeyCommand)
export class CheckApiKeyHandler implements ICommandHandler<CheckApiKeyCommand, HealthCheckResult> {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyRepository,
    private readonly cipher: ApiKeyCipher,
    private readonly checker: ApiKeyHealthChecker,
  ) {}

  async execute(command: CheckApiKeyCommand): Promise<HealthCheckResult> {
    const userId = vaultOwnerOf(command.actor);
    const { service } = command;
    const checked = await this.db.transaction(() =>
      this.keys.findByUserAndService(userId, service),
    );
    if (!checked) throw new ApiKeyNotFoundError(service);
    const result = await this.run(checked.snapshot.encrypted, userId, service);
    await this.db.transaction(async () => {
      const key = await this.keys.findByUserAndService(userId, service);
      if (!key) throw new ApiKeyNotFoundError(service);
      if (key.id !== checked.id || key.version !== checked.version) {
        throw new ConcurrencyError(key.streamType, key.id, checked.version);
      }
      key.recordHealthCheck(result);
      await this.keys.save(key);
    });
    return result;
  }

  /** A key that no longer decrypts is unusable, which is exactly what a health check reports. */
  private async run(
    encrypted: Parameters<ApiKeyCipher['decrypt']>[0],
    userId: string,
    service: CheckApiKeyCommand['service'],
  ): Promise<HealthCheckResult> {
    try {
      const secret = await this.cipher.decrypt(encrypted, { userId, service });
      return await this.checker.check(service, secret);
    } catch (error) {
      if (error instanceof ApiKeyUndecryptableError)
        return { healthy: false, reason: error.message };
      throw error;
    }
  }
}
