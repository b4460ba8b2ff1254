import { Property } from './property.aggregate';

/** Port: properties of one workspace (state row + ledger events in one transaction). */
export abstract class PropertyRepository {
  /** A live property, locked for the rest of the transaction (owners only, by policy). */
  abstract findLive(tenantId: string, id: string): Promise<Property | null>;
  /** Whether the caller can read this live property (unlocked). */
  abstract isVisible(tenantId: string, id: string): Promise<boolean>;
  abstract save(property: Property): Promise<void>;
}
