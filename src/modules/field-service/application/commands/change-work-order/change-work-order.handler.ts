import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { ChangeWorkOrderCommand } from './change-work-order.command';

@CommandHandler(ChangeWorkOrderCommand)
export class ChangeWorkOrderHandler implements ICommandHandler<ChangeWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: ChangeWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'change', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.changeDetails(command.changes);
      await this.orders.save(order);
    });
  }
}
