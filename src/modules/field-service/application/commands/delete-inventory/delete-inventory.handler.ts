import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryItemNotFoundError } from '../../inventory-guards';
import { DeleteInventoryCommand } from './delete-inventory.command';

/** Only an item no work order ever used can go; the ledger keeps its history either way. */
@CommandHandler(DeleteInventoryCommand)
export class DeleteInventoryHandler implements ICommandHandler<DeleteInventoryCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: DeleteInventoryCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertVersion(item, command.expectedVersion);
      // Asked under the item's lock: a reservation cannot slip in between the answer and the delete.
      item.delete(await this.items.everUsed(tenantId, item.id));
      await this.items.save(item);
    });
  }
}
