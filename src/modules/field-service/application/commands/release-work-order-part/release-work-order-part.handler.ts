import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { ReleaseWorkOrderPartCommand } from './release-work-order-part.command';

/** The reserved units go back to what is available; the quantity on hand does not change. */
@CommandHandler(ReleaseWorkOrderPartCommand)
export class ReleaseWorkOrderPartHandler implements ICommandHandler<
  ReleaseWorkOrderPartCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: ReleaseWorkOrderPartCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { viewer } = await this.access.workOrder(command.actor, command.workOrderId);
      const item = await this.items.findByPart(viewer.tenantId, command.partId);
      if (!item || item.part(command.partId)?.workOrderId !== command.workOrderId) {
        throw new NotFoundError('work_order_part', command.partId);
      }
      item.release(command.partId);
      await this.items.save(item);
    });
  }
}
