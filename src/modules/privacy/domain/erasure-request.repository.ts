import { ErasureRequest } from './erasure-request.aggregate';

export abstract class ErasureRequestRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(id: string): Promise<ErasureRequest | null>;
  abstract save(request: ErasureRequest): Promise<void>;
}
