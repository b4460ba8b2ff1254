import { Page } from '@opsledger/http';
import { OrganizationView, OrganizationMemberView } from './organization.read-model';

/** Read port: organizations of one tenant; every method takes the tenant it reads in. */
export abstract class OrganizationReader {
  abstract getOrganization(tenantId: string, id: string): Promise<OrganizationView | null>;
  abstract listOrganizations(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OrganizationView>>;
  abstract getMember(
    tenantId: string,
    organizationId: string,
    userId: string,
  ): Promise<OrganizationMemberView | null>;
  abstract listMembers(
    tenantId: string,
    organizationId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OrganizationMemberView>>;
}
