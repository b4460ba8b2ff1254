import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { SetWorkOrderActiveCommand } from './set-work-order-active.command';

/** Deactivates (archives) or reactivates an order; reactivating may meet a double booking. */
@CommandHandler(SetWorkOrderActiveCommand)
export class SetWorkOrderActiveHandler implements ICommandHandler<SetWorkOrderActiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: SetWorkOrderActiveCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(
        this.orders,
        viewer,
        command.workOrderId,
        command.active ? 'reactivate' : 'deactivate',
        {
          technicianMay: false,
          expectedVersion: command.expectedVersion,
        },
      );
      if (command.active) order.reactivate();
      else order.deactivate();
      await this.orders.save(order);
    });
  }
}
