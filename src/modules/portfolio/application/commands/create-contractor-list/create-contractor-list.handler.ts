import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { ContractorList } from '../../../domain/contractor-list.aggregate';
import { ContractorListRepository } from '../../../domain/contractor-list.repository';
import { listUserOf } from '../../list-user';
import { CreateContractorListCommand } from './create-contractor-list.command';

/**
 * A user's first list in a tenant is their default; a new list asked to be the default takes
 * the flag from the old one in the same transaction (the partial unique index keeps one).
 */
@CommandHandler(CreateContractorListCommand)
export class CreateContractorListHandler implements ICommandHandler<CreateContractorListCommand> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListRepository,
  ) {}

  execute({ actor, fields, isDefault }: CreateContractorListCommand): Promise<{ id: string }> {
    const user = listUserOf(actor);
    return this.db.transaction(async () => {
      const current = await this.lists.findDefaultOf(user.tenantId, user.userId);
      const makeDefault = !current || isDefault === true;
      if (current && makeDefault) {
        current.setDefault(false, 'owner', true);
        await this.lists.save(current);
      }
      const list = ContractorList.create({
        id: randomUUID(),
        tenantId: user.tenantId,
        ownerId: user.userId,
        fields: {
          name: fields.name,
          description: fields.description ?? null,
          color: fields.color ?? null,
          icon: fields.icon ?? null,
          sortOrder: fields.sortOrder ?? 0,
          isPublic: fields.isPublic ?? false,
          settings: fields.settings ?? {},
        },
        isDefault: makeDefault,
      });
      await this.lists.save(list);
      return { id: list.id };
    });
  }
}
