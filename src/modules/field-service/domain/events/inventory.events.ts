import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import type { InventoryStatus } from '../inventory-status';

export class InventoryItemCreatedEvent extends DomainEvent<{
  tenantId: string;
  name: string;
  sku: string;
  description: string | null;
  quantity: number;
  reorderLevel: number;
  unitCost: string;
  location: string | null;
  supplier: string | null;
  status: InventoryStatus;
  isActive: true;
}> {
  static readonly personalData = personalData<InventoryItemCreatedEvent>({
    fields: [],
    notPersonal: ['name', 'location'],
  });
  readonly type = 'field-service.inventory.created.v1';
}

/** Only the fields that changed are in the payload; `previous` holds their old values. */
export class InventoryItemDetailsChangedEvent extends DomainEvent<{
  name?: string;
  sku?: string;
  description?: string | null;
  reorderLevel?: number;
  unitCost?: string;
  location?: string | null;
  supplier?: string | null;
  status?: InventoryStatus;
}> {
  static readonly personalData = personalData<InventoryItemDetailsChangedEvent>({
    fields: [],
    notPersonal: ['name', 'location'],
  });
  readonly type = 'field-service.inventory.details-changed.v1';
}

export class InventoryStockReceivedEvent extends DomainEvent<{
  received: number;
  quantity: number;
  status: InventoryStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.stock-received.v1';
}

export class InventoryStockAdjustedEvent extends DomainEvent<{
  delta: number;
  reason: string;
  quantity: number;
  status: InventoryStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.stock-adjusted.v1';
}

export class InventoryPartReservedEvent extends DomainEvent<{
  partId: string;
  workOrderId: string;
  units: number;
  unitCost: string;
  reservedQuantity: number;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.part-reserved.v1';
}

export class InventoryPartReleasedEvent extends DomainEvent<{
  partId: string;
  workOrderId: string;
  units: number;
  reservedQuantity: number;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.part-released.v1';
}

export class InventoryPartConsumedEvent extends DomainEvent<{
  partId: string;
  workOrderId: string;
  units: number;
  unitCost: string;
  quantity: number;
  reservedQuantity: number;
  status: InventoryStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.part-consumed.v1';
}

export class InventoryItemDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.deactivated.v1';
}

export class InventoryItemReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.inventory.reactivated.v1';
}

export class InventoryItemDeletedEvent extends DomainEvent<{ sku: string; name: string }> {
  static readonly personalData = personalData<InventoryItemDeletedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'field-service.inventory.deleted.v1';
}

/**
 * The item entered the reorder list: active, not discontinued, and its quantity at or below
 * its reorder level. Recorded once per crossing, not on every change while it stays below.
 */
export class InventoryReorderLevelReachedEvent extends DomainEvent<{
  sku: string;
  name: string;
  quantity: number;
  reorderLevel: number;
  supplier: string | null;
}> {
  static readonly personalData = personalData<InventoryReorderLevelReachedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'field-service.inventory.reorder-level-reached.v1';
}
