import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';

export class RevokeContractorListShareCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly shareId: string,
  ) {
    super();
  }
}
