import type { Actor } from '@opsledger/persistence';
import type { DealFilter } from '../crm.read-model';

export class ListDealsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: DealFilter,
  ) {}
}
