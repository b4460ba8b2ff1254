import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { inventoryReader } from '../../inventory-guards';
import { InventoryView } from '../inventory.read-model';
import { InventoryReader } from '../inventory.reader';
import { ListInventoryQuery } from './list-inventory.query';

@QueryHandler(ListInventoryQuery)
export class ListInventoryHandler implements IQueryHandler<
  ListInventoryQuery,
  Page<InventoryView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InventoryReader,
  ) {}

  execute(query: ListInventoryQuery): Promise<Page<InventoryView>> {
    return this.db.read(async () => {
      const { tenantId } = await inventoryReader(this.viewers, query.actor);
      return this.reader.listItems(tenantId, query.filter, query.limit, query.cursor);
    });
  }
}
