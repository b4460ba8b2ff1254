import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InventoryItemNotFoundError, inventoryReader } from '../../inventory-guards';
import { InventoryView } from '../inventory.read-model';
import { InventoryReader } from '../inventory.reader';
import { GetInventoryQuery } from './get-inventory.query';

/** Dispatchers and technicians read items; another tenant's item is a 404. */
@QueryHandler(GetInventoryQuery)
export class GetInventoryHandler implements IQueryHandler<GetInventoryQuery, InventoryView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InventoryReader,
  ) {}

  execute(query: GetInventoryQuery): Promise<InventoryView> {
    return this.db.read(async () => {
      const { tenantId } = await inventoryReader(this.viewers, query.actor);
      const item = await this.reader.getItem(tenantId, query.inventoryId);
      if (!item) throw new InventoryItemNotFoundError(query.inventoryId);
      return item;
    });
  }
}
