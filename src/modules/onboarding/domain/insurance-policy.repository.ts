import { InsurancePolicy } from './insurance-policy.aggregate';

/** Port: insurance policies of one tenant; a removed policy's row is deleted with its event. */
export abstract class InsurancePolicyRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<InsurancePolicy | null>;
  abstract listByContractor(tenantId: string, contractorId: string): Promise<InsurancePolicy[]>;
  abstract save(policy: InsurancePolicy): Promise<void>;
}
