import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { releaseOpenReservations } from '../../work-order-part-release-open';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { CompleteWorkOrderCommand } from './complete-work-order.command';

/** The assigned technician (or a dispatcher) closes the work with the hours it took. */
@CommandHandler(CompleteWorkOrderCommand)
export class CompleteWorkOrderHandler implements ICommandHandler<CompleteWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly items: InventoryRepository,
  ) {}

  async execute(command: CompleteWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'complete', {
        technicianMay: true,
        expectedVersion: command.expectedVersion,
      });
      order.complete(command.laborHours);
      await this.orders.save(order);
      await releaseOpenReservations(this.items, viewer.tenantId, order.id);
    });
  }
}
