import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventorySkuTakenError } from '../../../domain/inventory.errors';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryItemNotFoundError } from '../../inventory-guards';
import { ChangeInventoryCommand } from './change-inventory.command';

@CommandHandler(ChangeInventoryCommand)
export class ChangeInventoryHandler implements ICommandHandler<ChangeInventoryCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: ChangeInventoryCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertVersion(item, command.expectedVersion);
      const skuBefore = item.snapshot.sku;
      item.changeDetails(command.changes);
      if (
        item.snapshot.sku !== skuBefore &&
        (await this.items.skuExists(tenantId, item.snapshot.sku, item.id))
      ) {
        throw new InventorySkuTakenError();
      }
      await this.items.save(item);
    });
  }
}
