import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { DefaultListRequiredError } from '../../../domain/portfolio.errors';
import { listFor, listUserOf } from '../../list-user';
import { DeleteContractorListCommand } from './delete-contractor-list.command';

/** The default list goes only when it is the user's last one (another must take the flag first). */
@CommandHandler(DeleteContractorListCommand)
export class DeleteContractorListHandler implements ICommandHandler<DeleteContractorListCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({ actor, listId, ifMatch }: DeleteContractorListCommand): Promise<void> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      if (ifMatch !== undefined && ifMatch !== list.version)
        throw new ConcurrencyError(list.streamType, list.id, ifMatch, true);
      if (list.snapshot.isDefault && (await this.lists.countOwned(user.tenantId, user.userId)) > 1)
        throw new DefaultListRequiredError();
      list.delete(access);
      await this.lists.save(list);
    });
  }
}
