import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { tenantOf } from '../../tenant-access';
import { OrganizationView } from '../organization.read-model';
import { OrganizationReader } from '../organization.reader';
import { GetOrganizationQuery } from './get-organization.query';

/** Any member of the token's tenant reads its organizations; another tenant's is a 404. */
@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<
  GetOrganizationQuery,
  OrganizationView
> {
  constructor(
    private readonly db: Db,
    private readonly reader: OrganizationReader,
  ) {}

  async execute(query: GetOrganizationQuery): Promise<OrganizationView> {
    const tenantId = tenantOf(query.actor);
    const organization = await this.db.read(() =>
      this.reader.getOrganization(tenantId, query.organizationId),
    );
    if (!organization) throw new NotFoundError('organization', query.organizationId);
    return organization;
  }
}
