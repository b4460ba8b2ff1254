import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { ContractorAlreadyInListError } from '../../../domain/portfolio.errors';
import { ContractorProfileReader } from '../../queries/contractor-profile.reader';
import { listFor, listUserOf } from '../../list-user';
import { AddContractorListItemCommand } from './add-contractor-list-item.command';

/**
 * Adds a profile to a list (owner or edit share). The list's row is locked first, so
 * concurrent adds queue up and the count and total each one records are exact.
 */
@CommandHandler(AddContractorListItemCommand)
export class AddContractorListItemHandler implements ICommandHandler<AddContractorListItemCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
    private readonly profiles: ContractorProfileReader,
  ) {}

  execute({
    actor,
    listId,
    contractorProfileId,
    fields,
  }: AddContractorListItemCommand): Promise<{ id: string }> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const { list, access } = await listFor(this.lists, user, listId);
      if (!(await this.profiles.getProfile(contractorProfileId)))
        throw new NotFoundError('contractor profile', contractorProfileId);
      // the unique index answers a race the same way (409 naming contractorProfileId)
      if (await this.lists.hasProfile(listId, contractorProfileId))
        throw new ContractorAlreadyInListError();
      const item = {
        id: randomUUID(),
        contractorProfileId,
        notes: fields.notes ?? null,
        tags: fields.tags ?? [],
        rating: fields.rating ?? null,
        priority: fields.priority ?? null,
        customData: fields.customData ?? null,
        addedBy: user.userId,
        addedAt: new Date(),
      };
      list.addItem(
        item,
        await this.lists.totalsAfter(listId, { add: contractorProfileId }),
        access,
      );
      await this.lists.save(list);
      return { id: item.id };
    });
  }
}
