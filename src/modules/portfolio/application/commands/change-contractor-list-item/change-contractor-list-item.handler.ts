import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { listFor, listUserOf } from '../../list-user';
import { ChangeContractorListItemCommand } from './change-contractor-list-item.command';

@CommandHandler(ChangeContractorListItemCommand)
export class ChangeContractorListItemHandler implements ICommandHandler<ChangeContractorListItemCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({ actor, listId, itemId, fields }: ChangeContractorListItemCommand): Promise<void> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      const item = await this.lists.findItem(listId, itemId);
      if (!item) throw new NotFoundError('contractor list item', itemId);
      list.changeItem(item, fields, access);
      await this.lists.save(list);
    });
  }
}
