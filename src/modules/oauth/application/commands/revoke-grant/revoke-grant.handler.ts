import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ConsentRepository } from '../../../domain/consent.repository';
import { OAuthClientRepository } from '../../../domain/oauth-client.repository';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { assertSelfOrAdmin, isPlatformAdmin } from '../../oauth-access';
import { RevokeGrantCommand } from './revoke-grant.command';
import { GrantNotFoundError } from '../../../domain/oauth.errors';

const noGrant = () => new GrantNotFoundError();

/**
 * Withdraws what a user gave a client: the remembered consent (the next sign-in asks again)
 * and every live token family. Runs as the caller, so row-level security lets a user touch
 * their own grants only.
 */
@CommandHandler(RevokeGrantCommand)
export class RevokeGrantHandler implements ICommandHandler<RevokeGrantCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly clients: OAuthClientRepository,
    private readonly consents: ConsentRepository,
    private readonly families: TokenFamilyRepository,
  ) {}

  async execute(command: RevokeGrantCommand): Promise<void> {
    assertSelfOrAdmin(command.actor, command.userId);
    const by =
      isPlatformAdmin(command.actor) && command.actor.id !== command.userId ? 'admin' : 'user';
    await this.db.transaction(async () => {
      const client = await this.clients.findByClientId(command.clientId);
      if (!client) throw noGrant();
      const consent = await this.consents.findByUserAndClient(command.userId, client.id);
      const families = await this.families.findLive({
        userId: command.userId,
        clientId: client.id,
      });
      if (!consent?.isLive && families.length === 0) throw noGrant();
      if (consent?.isLive) {
        consent.revoke(by);
        await this.consents.save(consent);
      }
      for (const family of families) {
        family.revoke(by === 'admin' ? 'revoked_by_admin' : 'revoked_by_user');
        await this.families.save(family);
      }
    });
  }
}
