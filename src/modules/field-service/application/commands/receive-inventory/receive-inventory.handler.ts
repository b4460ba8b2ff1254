import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryItemNotFoundError } from '../../inventory-guards';
import { ReceiveInventoryCommand } from './receive-inventory.command';

@CommandHandler(ReceiveInventoryCommand)
export class ReceiveInventoryHandler implements ICommandHandler<ReceiveInventoryCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: ReceiveInventoryCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertVersion(item, command.expectedVersion);
      item.receive(command.quantity);
      await this.items.save(item);
    });
  }
}
