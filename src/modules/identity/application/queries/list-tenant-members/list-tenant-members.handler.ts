import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { TenantAccess } from '../../tenant-access';
import { TenantMemberView } from '../tenant.read-model';
import { TenantReader } from '../tenant.reader';
import { ListTenantMembersQuery } from './list-tenant-members.query';

/** The member list shows who has access, so it is for the tenant's managers only. */
@QueryHandler(ListTenantMembersQuery)
export class ListTenantMembersHandler implements IQueryHandler<
  ListTenantMembersQuery,
  Page<TenantMemberView>
> {
  constructor(
    private readonly db: Db,
    private readonly access: TenantAccess,
    private readonly reader: TenantReader,
  ) {}

  async execute(query: ListTenantMembersQuery): Promise<Page<TenantMemberView>> {
    await this.access.assertManages(query.actor, query.tenantId);
    return this.db.read(async () => {
      if (!(await this.reader.getTenant(query.tenantId, null)))
        throw new NotFoundError('tenant', query.tenantId);
      return this.reader.listMembers(query.tenantId, query.limit, query.cursor);
    });
  }
}
