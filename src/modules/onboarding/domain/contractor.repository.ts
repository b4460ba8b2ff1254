import { Contractor } from './contractor.aggregate';

/** Port: contractors of one tenant (state row + ledger events in one transaction). */
export abstract class ContractorRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Contractor | null>;
  abstract findByUserId(tenantId: string, userId: string): Promise<Contractor | null>;
  abstract save(contractor: Contractor): Promise<void>;
}
