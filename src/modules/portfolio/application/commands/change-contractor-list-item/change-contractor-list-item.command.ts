import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import type { ItemFields } from '../../../domain/events/contractor-list.events';

export class ChangeContractorListItemCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly itemId: string,
    readonly fields: Partial<ItemFields>,
  ) {
    super();
  }
}
