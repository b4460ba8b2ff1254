import { Organization } from './organization.aggregate';

/** Port: organizations with their member rows; every lookup is within one tenant. */
export abstract class OrganizationRepository {
  abstract findById(tenantId: string, id: string): Promise<Organization | null>;
  abstract findByMember(tenantId: string, userId: string): Promise<Organization[]>;
  abstract slugExists(tenantId: string, slug: string): Promise<boolean>;
  abstract save(organization: Organization): Promise<void>;
}
