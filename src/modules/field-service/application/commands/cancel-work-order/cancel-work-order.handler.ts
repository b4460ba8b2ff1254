import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { releaseOpenReservations } from '../../work-order-part-release-open';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { CancelWorkOrderCommand } from './cancel-work-order.command';

@CommandHandler(CancelWorkOrderCommand)
export class CancelWorkOrderHandler implements ICommandHandler<CancelWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly items: InventoryRepository,
  ) {}

  async execute(command: CancelWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'cancel', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.cancel();
      await this.orders.save(order);
      await releaseOpenReservations(this.items, viewer.tenantId, order.id);
    });
  }
}
