import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrder } from '../../../domain/work-order.aggregate';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { ProgressWorkOrderCommand } from './progress-work-order.command';

function apply(order: WorkOrder, action: ProgressWorkOrderCommand['action']): void {
  switch (action) {
    case 'start':
      return order.start();
    case 'pause':
      return order.pause();
    case 'resume':
      return order.resume();
  }
}

/** The assigned technician (or a dispatcher) moves the work along. */
@CommandHandler(ProgressWorkOrderCommand)
export class ProgressWorkOrderHandler implements ICommandHandler<ProgressWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: ProgressWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, command.action, {
        technicianMay: true,
        expectedVersion: command.expectedVersion,
      });
      apply(order, command.action);
      await this.orders.save(order);
    });
  }
}
