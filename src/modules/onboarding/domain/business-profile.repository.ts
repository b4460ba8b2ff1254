import { BusinessProfile } from './business-profile.aggregate';

/** Port: business profiles, one per contractor. */
export abstract class BusinessProfileRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findByContractor(
    tenantId: string,
    contractorId: string,
  ): Promise<BusinessProfile | null>;
  abstract save(profile: BusinessProfile): Promise<void>;
}
