import { Page } from '@opsledger/http';
import { TenantView, TenantMemberView } from './tenant.read-model';

/** Read port: tenants and their members as read models; never aggregates. */
export abstract class TenantReader {
  /** `memberId`: only a tenant this user belongs to; null to see every tenant. */
  abstract getTenant(id: string, memberId: string | null): Promise<TenantView | null>;
  abstract listTenants(
    memberId: string | null,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<TenantView>>;
  abstract getMember(tenantId: string, userId: string): Promise<TenantMemberView | null>;
  abstract listMembers(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<TenantMemberView>>;
}
