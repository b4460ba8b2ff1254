import { Page } from '@opsledger/http';
import {
  ContractView,
  ContractListFilter,
  ContractSort,
  ContractScope,
} from './contract.read-model';

/** Read port: contracts as read models; never aggregates. */
export abstract class ContractReader {
  abstract getContract(scope: ContractScope, id: string): Promise<ContractView | null>;
  abstract listContracts(
    scope: ContractScope,
    filter: ContractListFilter,
    sort: ContractSort,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContractView>>;
}
