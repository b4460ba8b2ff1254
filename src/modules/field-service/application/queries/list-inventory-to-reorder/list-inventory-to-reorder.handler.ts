import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { inventoryReader } from '../../inventory-guards';
import { InventoryView } from '../inventory.read-model';
import { InventoryReader } from '../inventory.reader';
import { ListInventoryToReorderQuery } from './list-inventory-to-reorder.query';

/** The items to order again: the same set the reorder-level-reached events announced. */
@QueryHandler(ListInventoryToReorderQuery)
export class ListInventoryToReorderHandler implements IQueryHandler<
  ListInventoryToReorderQuery,
  Page<InventoryView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InventoryReader,
  ) {}

  execute(query: ListInventoryToReorderQuery): Promise<Page<InventoryView>> {
    return this.db.read(async () => {
      const { tenantId } = await inventoryReader(this.viewers, query.actor);
      return this.reader.listReorder(tenantId, query.limit, query.cursor);
    });
  }
}
