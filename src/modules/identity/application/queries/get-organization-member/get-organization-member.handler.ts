import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OrganizationMemberNotFoundError } from '../../../domain/tenancy.errors';
import { tenantOf } from '../../tenant-access';
import { OrganizationMemberView } from '../organization.read-model';
import { OrganizationReader } from '../organization.reader';
import { GetOrganizationMemberQuery } from './get-organization-member.query';

@QueryHandler(GetOrganizationMemberQuery)
export class GetOrganizationMemberHandler implements IQueryHandler<
  GetOrganizationMemberQuery,
  OrganizationMemberView
> {
  constructor(
    private readonly db: Db,
    private readonly reader: OrganizationReader,
  ) {}

  async execute(query: GetOrganizationMemberQuery): Promise<OrganizationMemberView> {
    const tenantId = tenantOf(query.actor);
    const member = await this.db.read(() =>
      this.reader.getMember(tenantId, query.organizationId, query.userId),
    );
    if (!member) throw new OrganizationMemberNotFoundError(query.userId);
    return member;
  }
}
