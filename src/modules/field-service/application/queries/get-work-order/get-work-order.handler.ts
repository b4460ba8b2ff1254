import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { canSeeWorkOrder } from '../../work-order-access';
import { WorkOrderView } from '../work-order.read-model';
import { WorkOrderReader } from '../work-order.reader';
import { GetWorkOrderQuery } from './get-work-order.query';

@QueryHandler(GetWorkOrderQuery)
export class GetWorkOrderHandler implements IQueryHandler<GetWorkOrderQuery, WorkOrderView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: WorkOrderReader,
  ) {}

  async execute(query: GetWorkOrderQuery): Promise<WorkOrderView> {
    const viewer = await this.viewers.resolve(query.actor);
    const order = await this.db.read(() =>
      this.reader.getWorkOrder(viewer.tenantId, query.workOrderId),
    );
    if (!order || !canSeeWorkOrder(viewer, order))
      throw new NotFoundError('work_order', query.workOrderId);
    return order;
  }
}
