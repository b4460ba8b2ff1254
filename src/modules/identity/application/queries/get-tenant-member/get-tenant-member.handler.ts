import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TenantAccess } from '../../tenant-access';
import { TenantMemberView } from '../tenant.read-model';
import { TenantReader } from '../tenant.reader';
import { GetTenantMemberQuery } from './get-tenant-member.query';

@QueryHandler(GetTenantMemberQuery)
export class GetTenantMemberHandler implements IQueryHandler<
  GetTenantMemberQuery,
  TenantMemberView
> {
  constructor(
    private readonly db: Db,
    private readonly access: TenantAccess,
    private readonly reader: TenantReader,
  ) {}

  async execute(query: GetTenantMemberQuery): Promise<TenantMemberView> {
    await this.access.assertManages(query.actor, query.tenantId);
    const member = await this.db.read(() => this.reader.getMember(query.tenantId, query.userId));
    if (!member) throw new NotFoundError('member', query.userId);
    return member;
  }
}
