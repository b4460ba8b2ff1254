import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { WorkOrderPartReader, WorkOrderPartView } from '../work-order-part.read-model';
import { WorkOrderPartListQuery } from './work-order-part-list.query';

@QueryHandler(WorkOrderPartListQuery)
export class WorkOrderPartListHandler implements IQueryHandler<
  WorkOrderPartListQuery,
  Page<WorkOrderPartView>
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly reader: WorkOrderPartReader,
  ) {}

  execute(query: WorkOrderPartListQuery): Promise<Page<WorkOrderPartView>> {
    return this.db.transaction(async () => {
      const { viewer } = await this.access.workOrder(query.actor, query.workOrderId);
      return this.reader.listParts(viewer.tenantId, query.workOrderId, query.limit, query.cursor);
    });
  }
}
