import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { assertExpectedVersion, InventoryItemNotFoundError } from '../../inventory-guards';
import { InventoryReceiveCommand } from './inventory-receive.command';

@CommandHandler(InventoryReceiveCommand)
export class InventoryReceiveHandler implements ICommandHandler<InventoryReceiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: InventoryReceiveCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertExpectedVersion(item, command.expectedVersion);
      item.receive(command.quantity);
      await this.items.save(item);
    });
  }
}
