import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import type { ListFields } from '../../../domain/events/contractor-list.events';

/** Rename, describe, recolor, reorder, publish, or make the default list. */
export class ChangeContractorListCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly fields: Partial<ListFields>,
    readonly isDefault: boolean | undefined,
    readonly ifMatch: number | undefined,
  ) {
    super();
  }
}
