import type { Actor } from '@opsledger/persistence';
import type { LeadSearch } from '../crm.read-model';

export class ListLeadsQuery {
  constructor(
    readonly actor: Actor,
    readonly search: LeadSearch,
  ) {}
}
