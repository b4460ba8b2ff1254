import { License } from './license.aggregate';

/** Port: licenses of one tenant; a removed license's row is deleted with its event. */
export abstract class LicenseRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<License | null>;
  abstract listByContractor(tenantId: string, contractorId: string): Promise<License[]>;
  abstract save(license: License): Promise<void>;
}
