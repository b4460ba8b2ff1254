import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';

export class RemoveContractorListItemCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly itemId: string,
  ) {
    super();
  }
}
