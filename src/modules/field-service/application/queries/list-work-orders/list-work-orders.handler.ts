import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { toInstant } from '../../../domain/work-order-schedule';
import { FieldServiceViewer, FieldServiceViewers } from '../../field-service-viewer';
import { WorkOrderFilter, WorkOrderView } from '../work-order.read-model';
import { WorkOrderReader } from '../work-order.reader';
import { ListWorkOrdersQuery, WorkOrderListRequest } from './list-work-orders.query';

/**
 * The viewer's scope narrows the filter: a customer's user can only ever list its own orders,
 * a technician's user those assigned to it, whatever the query string says.
 */
function scoped(viewer: FieldServiceViewer, filter: WorkOrderFilter): WorkOrderFilter | null {
  switch (viewer.kind) {
    case 'dispatcher':
      return filter;
    case 'customer':
      return filter.customerId === undefined || filter.customerId === viewer.customerId
        ? { ...filter, customerId: viewer.customerId }
        : null;
    case 'technician':
      return filter.technicianId === undefined || filter.technicianId === viewer.technicianId
        ? { ...filter, technicianId: viewer.technicianId }
        : null;
  }
}

function parsed({ scheduledFrom, scheduledTo, ...rest }: WorkOrderListRequest): WorkOrderFilter {
  return {
    ...rest,
    scheduledFrom:
      scheduledFrom === undefined ? undefined : toInstant(scheduledFrom, 'scheduledFrom'),
    scheduledTo: scheduledTo === undefined ? undefined : toInstant(scheduledTo, 'scheduledTo'),
  };
}

@QueryHandler(ListWorkOrdersQuery)
export class ListWorkOrdersHandler implements IQueryHandler<
  ListWorkOrdersQuery,
  Page<WorkOrderView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: WorkOrderReader,
  ) {}

  async execute(query: ListWorkOrdersQuery): Promise<Page<WorkOrderView>> {
    const viewer = await this.viewers.resolve(query.actor);
    const filter = scoped(viewer, parsed(query.filter));
    if (!filter) return { items: [], nextCursor: null };
    return this.db.read(() => this.reader.listWorkOrders(viewer.tenantId, filter, query.options));
  }
}
