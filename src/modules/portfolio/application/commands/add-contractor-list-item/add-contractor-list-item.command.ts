import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import type { ItemFields } from '../../../domain/events/contractor-list.events';

export class AddContractorListItemCommand extends Command<{ id: string }> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly contractorProfileId: string,
    readonly fields: Partial<ItemFields>,
  ) {
    super();
  }
}
