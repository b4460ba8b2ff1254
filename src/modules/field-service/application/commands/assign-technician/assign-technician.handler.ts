import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { AssignTechnicianCommand } from './assign-technician.command';

/**
 * Books a technician for the order's window. Overlap is decided by PostgreSQL (the exclusion
 * constraint), not by a read-then-write check, so concurrent assignments cannot both win.
 */
@CommandHandler(AssignTechnicianCommand)
export class AssignTechnicianHandler implements ICommandHandler<AssignTechnicianCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: AssignTechnicianCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'assign', {
        technicianMay: false,
        expectedVersion: command.expectedVersion,
      });
      order.assignTechnician({
        technicianId: command.technicianId,
        technicianAssignable: await this.technicians.isAssignable(
          viewer.tenantId,
          command.technicianId,
        ),
        scheduledStart: command.scheduledStart,
        scheduledEnd: command.scheduledEnd,
      });
      await this.orders.save(order);
    });
  }
}
