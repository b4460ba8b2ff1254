import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { DeleteWorkOrderCommand } from './delete-work-order.command';

/** Removes a draft order; the ledger keeps what it held. */
@CommandHandler(DeleteWorkOrderCommand)
export class DeleteWorkOrderHandler implements ICommandHandler<DeleteWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: DeleteWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'delete', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.delete();
      await this.orders.save(order);
    });
  }
}
