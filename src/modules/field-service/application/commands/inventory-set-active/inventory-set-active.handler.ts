import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { assertExpectedVersion, InventoryItemNotFoundError } from '../../inventory-guards';
import { InventorySetActiveCommand } from './inventory-set-active.command';

/** Deactivation hides an item from reservations and the reorder list; its history stays. */
@CommandHandler(InventorySetActiveCommand)
export class InventorySetActiveHandler implements ICommandHandler<InventorySetActiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: InventorySetActiveCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertExpectedVersion(item, command.expectedVersion);
      if (command.active) item.reactivate();
      else item.deactivate();
      await this.items.save(item);
    });
  }
}
