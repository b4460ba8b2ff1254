import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ExternalIdentityRepository } from '../../../domain/external-identity.repository';
import { assertPlatformAdmin } from '../../oauth-access';
import { UnlinkExternalIdentityCommand } from './unlink-external-identity.command';
import { ExternalIdentityNotFoundError } from '../../../domain/oauth.errors';

@CommandHandler(UnlinkExternalIdentityCommand)
export class UnlinkExternalIdentityHandler implements ICommandHandler<
  UnlinkExternalIdentityCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly identities: ExternalIdentityRepository,
  ) {}

  async execute(command: UnlinkExternalIdentityCommand): Promise<void> {
    assertPlatformAdmin(command.actor);
    await this.db.transaction(async () => {
      const identity = await this.identities.findById(command.identityId);
      if (!identity || identity.snapshot.userId !== command.userId) {
        throw new ExternalIdentityNotFoundError();
      }
      identity.unlink();
      await this.identities.save(identity);
    });
  }
}
