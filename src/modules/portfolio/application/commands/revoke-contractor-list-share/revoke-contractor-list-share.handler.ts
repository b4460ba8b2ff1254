import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { listFor, listUserOf } from '../../list-user';
import { RevokeContractorListShareCommand } from './revoke-contractor-list-share.command';

@CommandHandler(RevokeContractorListShareCommand)
export class RevokeContractorListShareHandler implements ICommandHandler<RevokeContractorListShareCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({ actor, listId, shareId }: RevokeContractorListShareCommand): Promise<void> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      if (!(await this.lists.findShare(listId, shareId))) throw new NotFoundError('share', shareId);
      list.revokeShare(shareId, access);
      await this.lists.save(list);
    });
  }
}
