import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryItemNotFoundError } from '../../inventory-guards';
import { SetInventoryActiveCommand } from './set-inventory-active.command';

/** Deactivation hides an item from reservations and the reorder list; its history stays. */
@CommandHandler(SetInventoryActiveCommand)
export class SetInventoryActiveHandler implements ICommandHandler<SetInventoryActiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: SetInventoryActiveCommand): Promise<void> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = await this.items.findById(tenantId, command.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(command.inventoryId);
      assertVersion(item, command.expectedVersion);
      if (command.active) item.reactivate();
      else item.deactivate();
      await this.items.save(item);
    });
  }
}
