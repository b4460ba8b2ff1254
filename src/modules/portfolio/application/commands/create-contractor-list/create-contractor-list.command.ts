import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import type { ListFields } from '../../../domain/events/contractor-list.events';

export class CreateContractorListCommand extends Command<{ id: string }> {
  constructor(
    readonly actor: Actor,
    readonly fields: Omit<ListFields, 'sortOrder' | 'settings' | 'isPublic'> &
      Partial<Pick<ListFields, 'sortOrder' | 'settings' | 'isPublic'>>,
    readonly isDefault: boolean | undefined,
  ) {
    super();
  }
}
