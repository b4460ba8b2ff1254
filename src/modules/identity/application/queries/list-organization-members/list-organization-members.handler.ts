import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { tenantOf } from '../../tenant-access';
import { OrganizationMemberView } from '../organization.read-model';
import { OrganizationReader } from '../organization.reader';
import { ListOrganizationMembersQuery } from './list-organization-members.query';

@QueryHandler(ListOrganizationMembersQuery)
export class ListOrganizationMembersHandler implements IQueryHandler<
  ListOrganizationMembersQuery,
  Page<OrganizationMemberView>
> {
  constructor(
    private readonly db: Db,
    private readonly reader: OrganizationReader,
  ) {}

  execute(query: ListOrganizationMembersQuery): Promise<Page<OrganizationMemberView>> {
    const tenantId = tenantOf(query.actor);
    return this.db.read(async () => {
      if (!(await this.reader.getOrganization(tenantId, query.organizationId)))
        throw new NotFoundError('organization', query.organizationId);
      return this.reader.listMembers(tenantId, query.organizationId, query.limit, query.cursor);
    });
  }
}
