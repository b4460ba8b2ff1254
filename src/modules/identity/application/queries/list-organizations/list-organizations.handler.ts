import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { tenantOf } from '../../tenant-access';
import { OrganizationView } from '../organization.read-model';
import { OrganizationReader } from '../organization.reader';
import { ListOrganizationsQuery } from './list-organizations.query';

@QueryHandler(ListOrganizationsQuery)
export class ListOrganizationsHandler implements IQueryHandler<
  ListOrganizationsQuery,
  Page<OrganizationView>
> {
  constructor(
    private readonly db: Db,
    private readonly reader: OrganizationReader,
  ) {}

  execute(query: ListOrganizationsQuery): Promise<Page<OrganizationView>> {
    const tenantId = tenantOf(query.actor);
    return this.db.read(() => this.reader.listOrganizations(tenantId, query.limit, query.cursor));
  }
}
