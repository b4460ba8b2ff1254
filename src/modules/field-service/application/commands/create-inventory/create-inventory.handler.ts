import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Inventory } from '../../../domain/inventory.aggregate';
import { InventorySkuTakenError } from '../../../domain/inventory.errors';
import { InventoryRepository } from '../../../domain/inventory.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateInventoryCommand } from './create-inventory.command';

/** Dispatchers stock a new item; the sku is unique in the tenant. */
@CommandHandler(CreateInventoryCommand)
export class CreateInventoryHandler implements ICommandHandler<
  CreateInventoryCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly items: InventoryRepository,
  ) {}

  execute(command: CreateInventoryCommand): Promise<{ id: string }> {
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
