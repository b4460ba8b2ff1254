import { BankAccount } from './bank-account.aggregate';

/** Port: bank accounts of one tenant; a removed account's row is deleted with its event. */
export abstract class BankAccountRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<BankAccount | null>;
  abstract listByContractor(tenantId: string, contractorId: string): Promise<BankAccount[]>;
  abstract save(account: BankAccount): Promise<void>;
}
