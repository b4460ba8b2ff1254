import { DomainError } from '@opsledger/ddd';

/** A value that is well-formed JSON of the right type but that the inventory refuses. */
export class InvalidInventoryFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('INVENTORY.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

/**
 * More units than the item can give: a reservation beyond what is available, or a consumption
 * or adjustment that would take the quantity below zero or below what is reserved.
 */
export class InsufficientStockError extends DomainError {
  constructor(message: string, details: { available: number; requested: number }) {
    super('INVENTORY.INSUFFICIENT_STOCK', 'conflict', message, { field: 'quantity', ...details });
  }
}

export class InventorySkuTakenError extends DomainError {
  constructor() {
    super('INVENTORY.SKU_TAKEN', 'conflict', 'An inventory item with this sku already exists', {
      field: 'sku',
    });
  }
}

export class InventoryInactiveError extends DomainError {
  constructor() {
    super(
      'INVENTORY.INACTIVE',
      'conflict',
      'The inventory item is deactivated; reactivate it first',
    );
  }
}

/** Items that ever served a work order stay, so the order's parts keep pointing at them. */
export class InventoryInUseError extends DomainError {
  constructor() {
    super(
      'INVENTORY.IN_USE',
      'conflict',
      'The inventory item has been used by work orders; deactivate it instead of deleting it',
    );
  }
}

export class WorkOrderClosedError extends DomainError {
  constructor(status: string) {
    super(
      'WORK_ORDER_PART.WORK_ORDER_CLOSED',
      'conflict',
      `Nothing can be reserved for a work order that is ${status}`,
      { workOrderStatus: status },
    );
  }
}
