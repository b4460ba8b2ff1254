import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { releaseOpenReservations } from '../../work-order-part-release-open';
import { FieldServiceViewers } from '../../field-service-viewer';
import { workOrderFor } from '../../work-order-access';
import { CompleteWorkOrderCommand } from './complete-work-order.command';

/**
 * The assigned technician (or a dispatcher) closes the work with the hours it took; the
 * technician's hourly rate at that moment is frozen on the order for invoicing.
 */
@CommandHandler(CompleteWorkOrderCommand)
export class CompleteWorkOrderHandler implements ICommandHandler<CompleteWorkOrderCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly items: InventoryRepository,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: CompleteWorkOrderCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const order = await workOrderFor(this.orders, viewer, command.workOrderId, 'complete', {
        technicianMay: true,
        expectedVersion: command.expectedVersion,
      });
      const technicianId = order.snapshot.assignedTechnicianId;
      const rate = technicianId
        ? await this.technicians.hourlyRateOf(viewer.tenantId, technicianId)
        : null;
      order.complete(command.laborHours, rate);
      await this.orders.save(order);
      await releaseOpenReservations(this.items, viewer.tenantId, order.id);
    });
  }
}
