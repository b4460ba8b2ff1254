import { Deal } from './deal.aggregate';

/** Port: deals of one workspace (state row + ledger events in one transaction). */
export abstract class DealRepository {
  /** Locked for the rest of the transaction (owners only, by policy). */
  abstract findById(tenantId: string, id: string): Promise<Deal | null>;
  abstract isVisible(tenantId: string, id: string): Promise<boolean>;
  /** A ConcurrencyError on a stale version; PropertyHasActiveDealError for a second active deal. */
  abstract save(deal: Deal): Promise<void>;
}
