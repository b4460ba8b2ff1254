import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { ShareLinkInvalidError } from '../../../domain/portfolio.errors';
import { shareTokenHash } from '../grant-contractor-list-share/grant-contractor-list-share.handler';
import { OpenSharedContractorListCommand } from './open-shared-contractor-list.command';

/**
 * The link works without an account: the token is the credential, looked up by its hash in
 * system scope (the visitor has no tenant); unknown, revoked and expired links are one 404.
 */
@CommandHandler(OpenSharedContractorListCommand)
export class OpenSharedContractorListHandler implements ICommandHandler<OpenSharedContractorListCommand> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({ token }: OpenSharedContractorListCommand): Promise<{ listId: string }> {
    return this.context.asSystem(() =>
      this.db.transaction(async () => {
        const found = await this.lists.findByShareToken(shareTokenHash(token));
        const list = found ? await this.lists.findById(found.listId) : null;
        if (!found || !list) throw new ShareLinkInvalidError();
        list.openedThrough(found.share.id);
        await this.lists.save(list);
        return { listId: list.id };
      }),
    );
  }
}
