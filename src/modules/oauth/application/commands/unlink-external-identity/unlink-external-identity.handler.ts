import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ExternalIdentityRepository } from '../../../domain/external-identity.repository';
import { assertPlatformAdmin } from '../../oauth-access';
import { UnlinkExternalIdentityCommand } from './unlink-external-identity.command';

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
        throw new DomainError(
          'OAUTH.EXTERNAL_IDENTITY_NOT_FOUND',
          'not_found',
          'This account has no such external identity',
          { field: 'identityId' },
        );
      }
      identity.unlink();
      await this.identities.save(identity);
    });
  }
}
