import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { WorkOrderClosedError, InventoryItemNotFoundError } from '../../../domain/inventory.errors';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { ReserveWorkOrderPartCommand } from './reserve-work-order-part.command';

/**
 * Sets units of an item aside for an open work order. The work order is held (FOR SHARE) and the
 * item locked until commit, so concurrent reservations of the last units queue up and each sees
 * what the previous one left: only as many succeed as the stock allows, the others are 409s.
 */
@CommandHandler(ReserveWorkOrderPartCommand)
export class ReserveWorkOrderPartHandler implements ICommandHandler<
  ReserveWorkOrderPartCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: ReserveWorkOrderPartCommand): Promise<{ id: string }> {
    return this.db.transaction(async () => {
      const { viewer, workOrder } = await this.access.workOrder(
        command.actor,
        command.workOrderId,
        true,
      );
      if (!workOrder.isActive) throw new WorkOrderClosedError('deactivated');
      const item = await this.items.findById(viewer.tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId, 'inventoryId');
      const part = item.reserve({
        partId: randomUUID(),
        workOrderId: workOrder.id,
        workOrderStatus: workOrder.status,
        units: command.quantity,
      });
      await this.items.save(item);
      return { id: part.id };
    });
  }
}
