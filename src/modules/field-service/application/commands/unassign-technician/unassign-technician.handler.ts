import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { UnassignTechnicianCommand } from './unassign-technician.command';

@CommandHandler(UnassignTechnicianCommand)
export class UnassignTechnicianHandler implements ICommandHandler<UnassignTechnicianCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
  ) {}

  async execute(command: UnassignTechnicianCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'unassign', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.unassignTechnician();
      await this.orders.save(order);
    });
  }
}
