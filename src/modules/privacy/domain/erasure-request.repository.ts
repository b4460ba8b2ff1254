import { ErasurePlan } from './erasure-plan';
import { ErasureRequest } from './erasure-request.aggregate';

export abstract class ErasureRequestRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(id: string): Promise<ErasureRequest | null>;
  abstract save(request: ErasureRequest): Promise<void>;
  /**
   * Plans of the user's earlier requests that failed: what they found may no longer be found
   * (a record they anonymised is no longer linked), yet still awaits its keys' shredding.
   */
  abstract plansOfFailed(userId: string): Promise<ErasurePlan[]>;
}
