import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { CustomerRepository } from '../../../domain/customer.repository';
import { WorkOrder } from '../../../domain/work-order.aggregate';
import {
  InvalidWorkOrderFieldError,
  WorkOrderActionForbiddenError,
} from '../../../domain/work-order.errors';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { OpenWorkOrderCommand } from './open-work-order.command';

/**
 * Opens a work order, always `pending`: a dispatcher for any active customer of the tenant,
 * a customer's user as a request for itself.
 */
@CommandHandler(OpenWorkOrderCommand)
export class OpenWorkOrderHandler implements ICommandHandler<OpenWorkOrderCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: OpenWorkOrderCommand): Promise<{ id: string }> {
    const viewer = await this.viewers.resolve(command.actor);
    const { request } = command;
    let customerId: string;
    switch (viewer.kind) {
      case 'technician':
        throw new WorkOrderActionForbiddenError('open');
      case 'customer':
        if (request.customerId !== undefined && request.customerId !== viewer.customerId) {
          throw new WorkOrderActionForbiddenError('open a work order for another customer');
        }
        customerId = viewer.customerId;
        break;
      case 'dispatcher':
        if (request.customerId === undefined)
          throw new InvalidWorkOrderFieldError('customerId', 'customerId is required');
        customerId = request.customerId;
        break;
    }
    return this.db.transaction(async () => {
      const order = WorkOrder.open({
        id: randomUUID(),
        tenantId: viewer.tenantId,
        title: request.title,
        description: request.description,
        priority: request.priority,
        customerId,
        customerAcceptsOrders: await this.customers.acceptsWorkOrders(viewer.tenantId, customerId),
        scheduledStart: request.scheduledStart,
        scheduledEnd: request.scheduledEnd,
        via: viewer.kind === 'customer' ? 'customer-portal' : 'dispatch',
      });
      await this.orders.save(order);
      return { id: order.id };
    });
  }
}
