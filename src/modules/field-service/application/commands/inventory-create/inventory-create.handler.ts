import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Inventory } from '../../../domain/inventory.aggregate';
import { InventorySkuTakenError } from '../../../domain/inventory.errors';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryCreateCommand } from './inventory-create.command';

/** Dispatchers stock a new item; the sku is unique in the tenant. */
@CommandHandler(InventoryCreateCommand)
export class InventoryCreateHandler implements ICommandHandler<
  InventoryCreateCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: InventoryCreateCommand): Promise<{ id: string }> {
    return this.db.transaction(async () => {
      const { tenantId } = await this.viewers.dispatcher(command.actor);
      const item = Inventory.create({ id: randomUUID(), tenantId, ...command.item });
      // The unique constraint settles a race between two creators; this answers the common case early.
      if (await this.items.skuExists(tenantId, item.snapshot.sku))
        throw new InventorySkuTakenError();
      await this.items.save(item);
      return { id: item.id };
    });
  }
}
