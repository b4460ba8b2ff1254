import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { RescheduleWorkOrderCommand } from './reschedule-work-order.command';

/** Moves the window; an assigned order's new window must still be free for its technician. */
@CommandHandler(RescheduleWorkOrderCommand)
export class RescheduleWorkOrderHandler implements ICommandHandler<
  RescheduleWorkOrderCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: RescheduleWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'reschedule', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.reschedule(command.scheduledStart, command.scheduledEnd);
      await this.orders.save(order);
    });
  }
}
