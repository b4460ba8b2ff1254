import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { listFor, listUserOf } from '../../list-user';
import { ChangeContractorListCommand } from './change-contractor-list.command';

@CommandHandler(ChangeContractorListCommand)
export class ChangeContractorListHandler implements ICommandHandler<ChangeContractorListCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({
    actor,
    listId,
    fields,
    isDefault,
    ifMatch,
  }: ChangeContractorListCommand): Promise<void> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      if (ifMatch !== undefined && ifMatch !== list.version)
        throw new ConcurrencyError(list.streamType, list.id, ifMatch, true);
      list.change(fields, access);
      if (isDefault === true && !list.snapshot.isDefault) {
        const current = await this.lists.findDefaultOf(user.tenantId, user.userId);
        if (current && current.id !== list.id) {
          current.setDefault(false, 'owner', true);
          await this.lists.save(current);
        }
      }
      if (isDefault !== undefined) list.setDefault(isDefault, access);
      await this.lists.save(list);
    });
  }
}
