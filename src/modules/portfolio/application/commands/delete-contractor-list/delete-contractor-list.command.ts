import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';

export class DeleteContractorListCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly ifMatch: number | undefined,
  ) {
    super();
  }
}
