import { Tenant } from './tenant.aggregate';

/** Port: loads and saves Tenant aggregates (state row + ledger events in one transaction). */
export abstract class TenantRepository {
  abstract findById(id: string): Promise<Tenant | null>;
  /** Locked like `findById`; null when no tenant has the slug. */
  abstract findBySlug(slug: string): Promise<Tenant | null>;
  abstract slugExists(slug: string): Promise<boolean>;
  abstract save(tenant: Tenant): Promise<void>;
}
