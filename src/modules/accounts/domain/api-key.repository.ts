import { ApiKey } from './api-key.aggregate';
import { ApiKeyService } from './api-key-service';

/** Port: loads and saves ApiKey aggregates (state row + ledger events in one transaction). */
export abstract class ApiKeyRepository {
  /** The user's key for a service, locked for the rest of the transaction. */
  abstract findByUserAndService(userId: string, service: ApiKeyService): Promise<ApiKey | null>;
  /**
   * How many keys the user holds, after taking a per-user lock that lasts until commit, so
   * two concurrent additions cannot both slip under the plan's cap.
   */
  abstract countForUserExclusively(userId: string): Promise<number>;
  abstract save(key: ApiKey): Promise<void>;
}
