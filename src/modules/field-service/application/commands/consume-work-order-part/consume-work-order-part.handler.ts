import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { WorkOrderPartAccess } from '../../work-order-part-access';
import { ConsumeWorkOrderPartCommand } from './consume-work-order-part.command';

/** The reserved units were used on the job: they leave the stock and the reservation together. */
@CommandHandler(ConsumeWorkOrderPartCommand)
export class ConsumeWorkOrderPartHandler implements ICommandHandler<
  ConsumeWorkOrderPartCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly access: WorkOrderPartAccess,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: ConsumeWorkOrderPartCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { viewer } = await this.access.workOrder(command.actor, command.workOrderId);
      const item = await this.items.findByPart(viewer.tenantId, command.partId);
      if (!item || item.part(command.partId)?.workOrderId !== command.workOrderId) {
        throw new NotFoundError('work_order_part', command.partId);
      }
      item.consume(command.partId);
      await this.items.save(item);
    });
  }
}
