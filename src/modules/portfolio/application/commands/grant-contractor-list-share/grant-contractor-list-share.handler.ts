import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { AlreadySharedError, ShareRecipientNotMemberError } from '../../../domain/portfolio.errors';
import { listFor, listUserOf } from '../../list-user';
import { GrantContractorListShareCommand } from './grant-contractor-list-share.command';

/** The link's token: 256 random bits, shown once; only its SHA-256 is stored. */
export const shareTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

@CommandHandler(GrantContractorListShareCommand)
export class GrantContractorListShareHandler implements ICommandHandler<GrantContractorListShareCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
    private readonly directory: IdentityDirectory,
  ) {}

  execute({
    actor,
    listId,
    target,
  }: GrantContractorListShareCommand): Promise<{ id: string; token: string | null }> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      const base = {
        id: randomUUID(),
        sharedBy: user.userId,
        sharedAt: new Date(),
        lastAccessedAt: null,
      };
      if ('userId' in target) {
        const memberships = await this.directory.memberships(target.userId);
        if (!memberships.some((m) => m.tenantId === user.tenantId && m.usable))
          throw new ShareRecipientNotMemberError();
        if (await this.lists.shareOf(listId, target.userId)) throw new AlreadySharedError();
        list.share(
          {
            ...base,
            sharedWithUserId: target.userId,
            sharedWithEmail: null,
            permission: target.permission,
            tokenHash: null,
            expiresAt: null,
          },
          access,
        );
        await this.lists.save(list);
        return { id: base.id, token: null };
      }
      const token = randomBytes(32).toString('base64url');
      list.share(
        {
          ...base,
          sharedWithUserId: null,
          sharedWithEmail: target.email,
          permission: 'view',
          tokenHash: shareTokenHash(token),
          expiresAt: target.expiresAt,
        },
        access,
      );
      await this.lists.save(list);
      return { id: base.id, token };
    });
  }
}
