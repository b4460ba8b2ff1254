import type { Actor } from '@opsledger/persistence';
import type { ContractorFilter } from '../contractor-queries.reader';

export class ListContractorsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: ContractorFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
