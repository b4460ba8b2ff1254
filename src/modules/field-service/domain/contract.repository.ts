import { Contract } from './contract.aggregate';

/** Port: loads and saves Contract aggregates (state row + ledger events in one transaction). */
export abstract class ContractRepository {
  /** Loads and locks the contract for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Contract | null>;
  abstract contractNumberExists(tenantId: string, contractNumber: string): Promise<boolean>;
  abstract save(contract: Contract): Promise<void>;
}
