import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { ExternalIdentity } from '../../../domain/external-identity.aggregate';
import { ExternalIdentityRepository } from '../../../domain/external-identity.repository';
import {
  ExternalIdentityTakenError,
  OAuthAccountNotFoundError,
} from '../../../domain/oauth.errors';
import { assertPlatformAdmin } from '../../oauth-access';
import { LinkExternalIdentityCommand } from './link-external-identity.command';

@CommandHandler(LinkExternalIdentityCommand)
export class LinkExternalIdentityHandler implements ICommandHandler<
  LinkExternalIdentityCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly identities: ExternalIdentityRepository,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute(command: LinkExternalIdentityCommand): Promise<{ id: string }> {
    assertPlatformAdmin(command.actor);
    const identity = ExternalIdentity.link({
      id: randomUUID(),
      userId: command.userId,
      provider: command.provider,
      subject: command.subject,
    });
    if (!(await this.directory.findUser(command.userId))) {
      throw new OAuthAccountNotFoundError();
    }
    await this.db.transaction(async () => {
      if (await this.identities.existsFor(command.provider, command.subject))
        throw new ExternalIdentityTakenError();
      await this.identities.save(identity);
    });
    return { id: identity.id };
  }
}
