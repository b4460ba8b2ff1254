import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { WorkOrderPartView } from '../work-order-part.read-model';
import { WorkOrderPartReader } from '../work-order-part.reader';
import { GetWorkOrderPartQuery } from './get-work-order-part.query';

@QueryHandler(GetWorkOrderPartQuery)
export class GetWorkOrderPartHandler implements IQueryHandler<
  GetWorkOrderPartQuery,
  WorkOrderPartView
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly reader: WorkOrderPartReader,
  ) {}

  execute(query: GetWorkOrderPartQuery): Promise<WorkOrderPartView> {
    return this.db.read(async () => {
      const { viewer } = await this.access.workOrder(query.actor, query.workOrderId);
      const part = await this.reader.getPart(viewer.tenantId, query.workOrderId, query.partId);
      if (!part) throw new NotFoundError('work_order_part', query.partId);
      return part;
    });
  }
}
