import { AggregateRoot, Money, NotFoundError } from '@opsledger/ddd';
import {
  InventoryItemCreatedEvent,
  InventoryItemDeactivatedEvent,
  InventoryItemDeletedEvent,
  InventoryItemDetailsChangedEvent,
  InventoryItemReactivatedEvent,
  InventoryPartConsumedEvent,
  InventoryPartReleasedEvent,
  InventoryPartReservedEvent,
  InventoryReorderLevelReachedEvent,
  InventoryStockAdjustedEvent,
  InventoryStockReceivedEvent,
} from './events/inventory.events';
import {
  InsufficientStockError,
  InvalidInventoryFieldError,
  InventoryInactiveError,
  InventoryInUseError,
  WorkOrderClosedError,
} from './inventory.errors';
import { InventoryStatus, inventoryStatusOf } from './inventory-status';
import {
  CLOSED_WORK_ORDER_STATUSES,
  WORK_ORDER_PART_LIFECYCLE,
  WorkOrderPart,
} from './work-order-part';

export const INVENTORY_TEXT_LIMITS = {
  name: 255,
  sku: 100,
  description: 5000,
  location: 255,
  supplier: 255,
  reason: 500,
} as const;

/** The columns are PostgreSQL `integer`s. */
export const MAX_QUANTITY = 2_147_483_647;

/** `unit_cost numeric(10, 2)`: at most 99 999 999.99. */
const MAX_UNIT_COST = Money.parse('99999999.99');

/** NUL is refused by PostgreSQL text columns; other control characters are never meant. */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const CONTROL_CHARACTERS_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

export interface InventoryState {
  tenantId: string;
  name: string;
  sku: string;
  description: string | null;
  quantity: number;
  reservedQuantity: number;
  reorderLevel: number;
  unitCost: Money;
  location: string | null;
  supplier: string | null;
  discontinued: boolean;
  isActive: boolean;
  createdAt: Date;
  /**
   * The open reservations (their units make up `reservedQuantity`), plus any settled part a
   * command names, so that settling it twice is refused by its lifecycle rather than unseen.
   */
  parts: WorkOrderPart[];
  deleted: boolean;
}

export interface InventoryDetails {
  name?: string;
  sku?: string;
  /** null clears it. */
  description?: string | null;
  reorderLevel?: number;
  unitCost?: string;
  location?: string | null;
  supplier?: string | null;
  discontinued?: boolean;
}

type TextField = keyof typeof INVENTORY_TEXT_LIMITS;

function requiredText(field: TextField, value: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw new InvalidInventoryFieldError(field, `${field} must not be blank`);
  return checkText(field, text);
}

function optionalText(field: TextField, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  return text.length === 0 ? null : checkText(field, text);
}

function checkText(field: TextField, text: string): string {
  const max = INVENTORY_TEXT_LIMITS[field];
  if (text.length > max)
    throw new InvalidInventoryFieldError(field, `${field} must be at most ${max} characters`);
  const forbidden = field === 'description' ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS;
  if (forbidden.test(text))
    throw new InvalidInventoryFieldError(field, `${field} must not contain control characters`);
  return text;
}

function wholeNumber(field: string, value: number, min: number, max = MAX_QUANTITY): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidInventoryFieldError(
      field,
      `${field} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

function unitCostOf(value: string): Money {
  const cost = Money.parse(value, 'unitCost');
  if (cost.isNegative() || cost.compare(MAX_UNIT_COST) > 0) {
    throw new InvalidInventoryFieldError(
      'unitCost',
      `unitCost must be from 0.00 to ${MAX_UNIT_COST.toString()}`,
    );
  }
  return cost;
}

/**
 * A stocked item (spec 003 `inventory`) with the units set aside for work orders. Quantity never
 * goes below zero and never below what is reserved; what can still be reserved is
 * `quantity − reservedQuantity`. Entering the reorder list (active, not discontinued, quantity
 * at or below the reorder level) is announced once per crossing.
 */
export class Inventory extends AggregateRoot {
  readonly streamType = 'inventory';

  private constructor(
    id: string,
    version: number,
    private state: InventoryState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      name: string;
      sku: string;
      description?: string | null;
      quantity?: number;
      reorderLevel?: number;
      unitCost?: string;
      location?: string | null;
      supplier?: string | null;
      discontinued?: boolean;
    },
    now = new Date(),
  ): Inventory {
    const state: InventoryState = {
      tenantId: props.tenantId,
      name: requiredText('name', props.name),
      sku: requiredText('sku', props.sku),
      description: optionalText('description', props.description),
      quantity: wholeNumber('quantity', props.quantity ?? 0, 0),
      reservedQuantity: 0,
      reorderLevel: wholeNumber('reorderLevel', props.reorderLevel ?? 0, 0),
      unitCost: unitCostOf(props.unitCost ?? '0.00'),
      location: optionalText('location', props.location),
      supplier: optionalText('supplier', props.supplier),
      discontinued: props.discontinued ?? false,
      isActive: true,
      createdAt: now,
      parts: [],
      deleted: false,
    };
    const item = new Inventory(props.id, 0, state);
    item.record(
      new InventoryItemCreatedEvent(props.id, {
        tenantId: state.tenantId,
        name: state.name,
        sku: state.sku,
        description: state.description,
        quantity: state.quantity,
        reorderLevel: state.reorderLevel,
        unitCost: state.unitCost.toString(),
        location: state.location,
        supplier: state.supplier,
        status: item.status,
        isActive: true,
      }),
    );
    item.announceReorder(false);
    return item;
  }

  static rehydrate(id: string, version: number, state: InventoryState): Inventory {
    return new Inventory(id, version, { ...state, parts: state.parts.map((p) => ({ ...p })) });
  }

  get snapshot(): Readonly<InventoryState> {
    return this.state;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  get status(): InventoryStatus {
    return inventoryStatusOf(this.state.quantity, this.state.reorderLevel, this.state.discontinued);
  }

  /** Units that can still be reserved. */
  get available(): number {
    return this.state.quantity - this.state.reservedQuantity;
  }

  /** Whether the item belongs on the reorder list. */
  get needsReorder(): boolean {
    const s = this.state;
    return s.isActive && !s.discontinued && !s.deleted && s.quantity <= s.reorderLevel;
  }

  part(partId: string): Readonly<WorkOrderPart> | undefined {
    return this.state.parts.find((p) => p.id === partId);
  }

  changeDetails(changes: InventoryDetails): void {
    this.assertActive();
    const s = this.state;
    const next = {
      name: changes.name === undefined ? s.name : requiredText('name', changes.name),
      sku: changes.sku === undefined ? s.sku : requiredText('sku', changes.sku),
      description:
        changes.description === undefined
          ? s.description
          : optionalText('description', changes.description),
      reorderLevel:
        changes.reorderLevel === undefined
          ? s.reorderLevel
          : wholeNumber('reorderLevel', changes.reorderLevel, 0),
      unitCost: changes.unitCost === undefined ? s.unitCost : unitCostOf(changes.unitCost),
      location:
        changes.location === undefined ? s.location : optionalText('location', changes.location),
      supplier:
        changes.supplier === undefined ? s.supplier : optionalText('supplier', changes.supplier),
      discontinued: changes.discontinued ?? s.discontinued,
    };
    const payload: InventoryItemDetailsChangedEvent['payload'] = {};
    const previous: InventoryItemDetailsChangedEvent['previous'] = {};
    for (const field of [
      'name',
      'sku',
      'description',
      'reorderLevel',
      'location',
      'supplier',
    ] as const) {
      if (next[field] !== s[field]) {
        Object.assign(payload, { [field]: next[field] });
        Object.assign(previous, { [field]: s[field] });
      }
    }
    if (!next.unitCost.equals(s.unitCost)) {
      payload.unitCost = next.unitCost.toString();
      previous.unitCost = s.unitCost.toString();
    }
    const statusBefore = this.status;
    this.mutate(() => {
      this.state = { ...s, ...next };
      if (this.status !== statusBefore) {
        payload.status = this.status;
        previous.status = statusBefore;
      }
      if (Object.keys(payload).length === 0) return;
      this.record(new InventoryItemDetailsChangedEvent(this.id, payload, previous));
    });
  }

  receive(units: number): void {
    this.assertActive();
    wholeNumber('quantity', units, 1);
    if (this.state.quantity + units > MAX_QUANTITY) {
      throw new InvalidInventoryFieldError(
        'quantity',
        `quantity on hand cannot exceed ${MAX_QUANTITY}`,
      );
    }
    this.changeStock(
      units,
      (quantity, status, previous) =>
        new InventoryStockReceivedEvent(this.id, { received: units, quantity, status }, previous),
    );
  }

  /** A correction with its reason (count, damage, loss); reserved units cannot be adjusted away. */
  adjust(delta: number, reason: string): void {
    this.assertActive();
    if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_QUANTITY) {
      throw new InvalidInventoryFieldError(
        'delta',
        `delta must be a non-zero whole number from -${MAX_QUANTITY} to ${MAX_QUANTITY}`,
      );
    }
    const why = requiredText('reason', reason);
    const s = this.state;
    const next = s.quantity + delta;
    if (next < 0) {
      throw new InsufficientStockError(`quantity cannot go below zero: ${s.quantity} on hand`, {
        available: s.quantity,
        requested: -delta,
      });
    }
    if (next < s.reservedQuantity) {
      throw new InsufficientStockError(
        `${s.reservedQuantity} units are reserved for work orders; release them before adjusting below that`,
        { available: this.available, requested: -delta },
      );
    }
    if (next > MAX_QUANTITY) {
      throw new InvalidInventoryFieldError(
        'delta',
        `quantity on hand cannot exceed ${MAX_QUANTITY}`,
      );
    }
    this.changeStock(
      delta,
      (quantity, status, previous) =>
        new InventoryStockAdjustedEvent(
          this.id,
          { delta, reason: why, quantity, status },
          previous,
        ),
    );
  }

  /** Sets units aside for an open work order; never more than are available. */
  reserve(
    props: { partId: string; workOrderId: string; workOrderStatus: string; units: number },
    now = new Date(),
  ): WorkOrderPart {
    this.assertActive();
    if (CLOSED_WORK_ORDER_STATUSES.includes(props.workOrderStatus))
      throw new WorkOrderClosedError(props.workOrderStatus);
    wholeNumber('quantity', props.units, 1);
    if (props.units > this.available) {
      throw new InsufficientStockError(
        `Only ${this.available} units of ${this.state.sku} are available`,
        {
          available: this.available,
          requested: props.units,
        },
      );
    }
    const part: WorkOrderPart = {
      id: props.partId,
      workOrderId: props.workOrderId,
      quantity: props.units,
      unitCost: this.state.unitCost,
      status: 'reserved',
      createdAt: now,
      dirty: 'new',
    };
    const previousReserved = this.state.reservedQuantity;
    this.state = {
      ...this.state,
      reservedQuantity: previousReserved + props.units,
      parts: [...this.state.parts, part],
    };
    this.record(
      new InventoryPartReservedEvent(
        this.id,
        {
          partId: part.id,
          workOrderId: part.workOrderId,
          units: part.quantity,
          unitCost: part.unitCost.toString(),
          reservedQuantity: this.state.reservedQuantity,
        },
        { reservedQuantity: previousReserved },
      ),
    );
    return part;
  }

  /** Hands reserved units back to stock. Allowed on a deactivated item: orders must not be stranded. */
  release(partId: string): WorkOrderPart {
    const part = this.settle(partId, 'release');
    const previousReserved = this.state.reservedQuantity;
    this.state = { ...this.state, reservedQuantity: previousReserved - part.quantity };
    this.record(
      new InventoryPartReleasedEvent(
        this.id,
        {
          partId: part.id,
          workOrderId: part.workOrderId,
          units: part.quantity,
          reservedQuantity: this.state.reservedQuantity,
        },
        { reservedQuantity: previousReserved },
      ),
    );
    return part;
  }

  /** The reserved units were used on the job: they leave stock and the reservation. */
  consume(partId: string): WorkOrderPart {
    const part = this.settle(partId, 'consume');
    const s = this.state;
    const statusBefore = this.status;
    this.mutate(() => {
      this.state = {
        ...s,
        quantity: s.quantity - part.quantity,
        reservedQuantity: s.reservedQuantity - part.quantity,
      };
      this.record(
        new InventoryPartConsumedEvent(
          this.id,
          {
            partId: part.id,
            workOrderId: part.workOrderId,
            units: part.quantity,
            unitCost: part.unitCost.toString(),
            quantity: this.state.quantity,
            reservedQuantity: this.state.reservedQuantity,
            status: this.status,
          },
          { quantity: s.quantity, reservedQuantity: s.reservedQuantity, status: statusBefore },
        ),
      );
    });
    return part;
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(
      new InventoryItemDeactivatedEvent(this.id, { isActive: false }, { isActive: true }),
    );
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.mutate(() => {
      this.state = { ...this.state, isActive: true };
      this.record(
        new InventoryItemReactivatedEvent(this.id, { isActive: true }, { isActive: false }),
      );
    });
  }

  /** `everUsed`: whether any work order ever had parts of this item (the caller looks it up). */
  delete(everUsed: boolean): void {
    if (this.state.deleted) return;
    if (everUsed || this.state.parts.length > 0) throw new InventoryInUseError();
    this.state = { ...this.state, deleted: true };
    this.record(
      new InventoryItemDeletedEvent(this.id, { sku: this.state.sku, name: this.state.name }),
    );
  }

  private settle(partId: string, action: 'consume' | 'release'): WorkOrderPart {
    const part = this.state.parts.find((p) => p.id === partId);
    if (!part) throw new NotFoundError('work_order_part', partId);
    const status = WORK_ORDER_PART_LIFECYCLE.next(part.status, action);
    const s = this.state;
    // Unreachable while reservedQuantity is the sum of the reserved parts; refuse rather than go negative.
    if (
      part.quantity > s.reservedQuantity ||
      (action === 'consume' && part.quantity > s.quantity)
    ) {
      throw new InsufficientStockError(
        `The reservation of ${part.quantity} units no longer matches the stock`,
        {
          available: this.available,
          requested: part.quantity,
        },
      );
    }
    part.status = status;
    if (part.dirty !== 'new') part.dirty = 'changed';
    return part;
  }

  private changeStock(
    delta: number,
    event: (
      quantity: number,
      status: InventoryStatus,
      previous: { quantity: number; status: InventoryStatus },
    ) => InventoryStockReceivedEvent | InventoryStockAdjustedEvent,
  ): void {
    const before = { quantity: this.state.quantity, status: this.status };
    this.mutate(() => {
      this.state = { ...this.state, quantity: before.quantity + delta };
      this.record(event(this.state.quantity, this.status, before));
    });
  }

  /** Runs a change and announces the reorder level when the change put the item on the list. */
  private mutate(change: () => void): void {
    const before = this.needsReorder;
    change();
    this.announceReorder(before);
  }

  private announceReorder(neededBefore: boolean): void {
    if (neededBefore || !this.needsReorder) return;
    const s = this.state;
    this.record(
      new InventoryReorderLevelReachedEvent(this.id, {
        sku: s.sku,
        name: s.name,
        quantity: s.quantity,
        reorderLevel: s.reorderLevel,
        supplier: s.supplier,
      }),
    );
  }

  private assertActive(): void {
    if (!this.state.isActive) throw new InventoryInactiveError();
  }
}
