import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.public';
import { FieldServiceViewers } from './application/field-service-viewer';
import { billingControllers, billingProviders } from './field-service.billing.providers';
import { inventoryControllers, inventoryProviders } from './field-service.inventory.providers';
import { partiesControllers, partiesProviders } from './field-service.parties.providers';
import { workOrdersControllers, workOrdersProviders } from './field-service.work-orders.providers';
import { SqlFieldServiceViewers } from './infrastructure/typeorm/sql-field-service.viewers';

/**
 * Field-service management (spec 003): customers, technicians, work orders, invoices,
 * contracts and inventory. Each part lists its providers in its own file.
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    ...partiesControllers,
    ...workOrdersControllers,
    ...billingControllers,
    ...inventoryControllers,
  ],
  providers: [
    { provide: FieldServiceViewers, useClass: SqlFieldServiceViewers },
    ...partiesProviders,
    ...workOrdersProviders,
    ...billingProviders,
    ...inventoryProviders,
  ],
})
export class FieldServiceModule {}
