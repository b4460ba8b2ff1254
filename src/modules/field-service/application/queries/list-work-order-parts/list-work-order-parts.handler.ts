import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { WorkOrderPartView } from '../work-order-part.read-model';
import { WorkOrderPartReader } from '../work-order-part.reader';
import { ListWorkOrderPartsQuery } from './list-work-order-parts.query';

@QueryHandler(ListWorkOrderPartsQuery)
export class ListWorkOrderPartsHandler implements IQueryHandler<
  ListWorkOrderPartsQuery,
  Page<WorkOrderPartView>
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly reader: WorkOrderPartReader,
  ) {}

  execute(query: ListWorkOrderPartsQuery): Promise<Page<WorkOrderPartView>> {
    return this.db.read(async () => {
      const { viewer } = await this.access.workOrder(query.actor, query.workOrderId);
      return this.reader.listParts(viewer.tenantId, query.workOrderId, query.limit, query.cursor);
    });
  }
}
