import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { isPlatformAdmin } from '../../user-access';
import { TenantView } from '../tenant.read-model';
import { TenantReader } from '../tenant.reader';
import { ListTenantsQuery } from './list-tenants.query';

@QueryHandler(ListTenantsQuery)
export class ListTenantsHandler implements IQueryHandler<ListTenantsQuery, Page<TenantView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: TenantReader,
  ) {}

  execute(query: ListTenantsQuery): Promise<Page<TenantView>> {
    const memberId = isPlatformAdmin(query.actor) ? null : (query.actor.id ?? '');
    return this.db.read(() => this.reader.listTenants(memberId, query.limit, query.cursor));
  }
}
