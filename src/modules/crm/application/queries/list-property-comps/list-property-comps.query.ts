import type { Actor } from '@opsledger/persistence';
import type { CompSearch } from '../crm.read-model';

export class ListPropertyCompsQuery {
  constructor(
    readonly actor: Actor,
    readonly propertyId: string,
    readonly search: CompSearch,
  ) {}
}
