import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ErasureRequestView } from '../erasure-request.read-model';
import { ErasureRequestReader } from '../erasure-request.reader';
import { ListErasureRequestsQuery } from './list-erasure-requests.query';

@QueryHandler(ListErasureRequestsQuery)
export class ListErasureRequestsHandler implements IQueryHandler<ListErasureRequestsQuery> {
  constructor(
    private readonly db: Db,
    private readonly reader: ErasureRequestReader,
  ) {}

  execute(query: ListErasureRequestsQuery): Promise<Page<ErasureRequestView>> {
    return this.db.read(() => this.reader.list(query.limit, query.cursor));
  }
}
