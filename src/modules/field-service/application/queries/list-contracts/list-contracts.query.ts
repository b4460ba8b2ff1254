import type { Actor } from '@opsledger/persistence';
import { ContractListFilter, ContractSort } from '../contract.read-model';

export class ListContractsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: ContractListFilter,
    readonly sort: ContractSort,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
