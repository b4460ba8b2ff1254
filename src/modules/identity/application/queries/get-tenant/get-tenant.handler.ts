import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { isPlatformAdmin } from '../../user-access';
import { TenantView } from '../tenant.read-model';
import { TenantReader } from '../tenant.reader';
import { GetTenantQuery } from './get-tenant.query';

/** Platform admins read every tenant; anyone else only the tenants they belong to. */
@QueryHandler(GetTenantQuery)
export class GetTenantHandler implements IQueryHandler<GetTenantQuery, TenantView> {
  constructor(
    private readonly db: Db,
    private readonly reader: TenantReader,
  ) {}

  async execute(query: GetTenantQuery): Promise<TenantView> {
    const memberId = isPlatformAdmin(query.actor) ? null : (query.actor.id ?? '');
    const tenant = await this.db.read(() => this.reader.getTenant(query.tenantId, memberId));
    if (!tenant) throw new NotFoundError('tenant', query.tenantId);
    return tenant;
  }
}
