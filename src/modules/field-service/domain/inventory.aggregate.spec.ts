import { DomainError, Money } from '@opsledger/ddd';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inventory, InventoryState, MAX_QUANTITY } from './inventory.aggregate';
import { WORK_ORDER_PART_LIFECYCLE } from './work-order-part';

const ID = '5e0c1a52-1a1e-4a4e-9d0e-000000000001';
const TENANT = '5e0c1a52-1a1e-4a4e-9d0e-0000000000aa';
const WO = '5e0c1a52-1a1e-4a4e-9d0e-0000000000bb';
const REORDER = 'field-service.inventory.reorder-level-reached.v1';
let partSeq = 0;
const partId = () => `5e0c1a52-1a1e-4a4e-9d0e-${String(++partSeq).padStart(12, '0')}`;

const create = (over: Partial<Parameters<typeof Inventory.create>[0]> = {}) =>
  Inventory.create({
    id: ID,
    tenantId: TENANT,
    name: 'Filter',
    sku: 'F-1',
    quantity: 10,
    reorderLevel: 3,
    unitCost: '4.25',
    ...over,
  });

/** The item as a repository would load it: stored, no pending events. */
const stored = (over: Partial<Parameters<typeof Inventory.create>[0]> = {}) => {
  const item = create(over);
  item.markCommitted();
  return item;
};

const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};
const types = (item: Inventory) => item.uncommittedEvents.map((e) => e.type);
const reserve = (item: Inventory, units: number, workOrderStatus = 'assigned') =>
  item.reserve({ partId: partId(), workOrderId: WO, workOrderStatus, units });

/** Invariants that hold after any sequence of commands. */
const expectConsistent = (item: Inventory) => {
  const s = item.snapshot;
  expect(s.quantity).toBeGreaterThanOrEqual(0);
  expect(s.reservedQuantity).toBeGreaterThanOrEqual(0);
  expect(s.reservedQuantity).toBeLessThanOrEqual(s.quantity);
  const open = s.parts.filter((p) => p.status === 'reserved').reduce((n, p) => n + p.quantity, 0);
  expect(s.reservedQuantity).toBe(open);
};

describe('Inventory', () => {
  it('is created with a derived status, the cost as an exact money string and a versioned event', () => {
    const item = create({ name: '  Filter  ', unitCost: '0.10', location: ' ', supplier: 'Acme' });
    expect(item.snapshot).toMatchObject({
      name: 'Filter',
      quantity: 10,
      reservedQuantity: 0,
      location: null,
      supplier: 'Acme',
    });
    expect(item.snapshot.unitCost.toString()).toBe('0.10');
    expect(item.status).toBe('in_stock');
    expect(item.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.inventory.created.v1',
      payload: { sku: 'F-1', unitCost: '0.10', status: 'in_stock', quantity: 10 },
    });
    expect(types(item)).toEqual(['field-service.inventory.created.v1']);
  });

  it.each([
    [{ quantity: 0, reorderLevel: 0 }, 'out_of_stock'],
    [{ quantity: 3, reorderLevel: 3 }, 'low_stock'],
    [{ quantity: 4, reorderLevel: 3 }, 'in_stock'],
    [{ quantity: 0, discontinued: true }, 'discontinued'],
  ])('derives the status of %p as %s', (over, status) => {
    expect(create(over).status).toBe(status);
  });

  it.each([
    ['quantity', { quantity: -1 }],
    ['quantity', { quantity: 1.5 }],
    ['quantity', { quantity: MAX_QUANTITY + 1 }],
    ['reorderLevel', { reorderLevel: -1 }],
    ['unitCost', { unitCost: '-0.01' }],
    ['unitCost', { unitCost: '1.234' }],
    ['unitCost', { unitCost: '100000000.00' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(256) }],
    ['sku', { sku: 'a\u0000b' }],
    ['sku', { sku: 'x'.repeat(101) }],
  ])('refuses an invalid %s, naming it', (field, over) => {
    const error = errorOf(() => create(over as never));
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.details?.field).toBe(field);
  });

  describe('never negative', () => {
    it('refuses adjustments below zero and below what is reserved, changing nothing', () => {
      const item = stored({ quantity: 5 });
      expect(errorOf(() => item.adjust(-6, 'count'))?.code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      reserve(item, 2);
      expect(errorOf(() => item.adjust(-4, 'count'))?.code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      expect(item.snapshot.quantity).toBe(5);
      item.adjust(-3, 'damaged in van');
      expect(item.snapshot).toMatchObject({ quantity: 2, reservedQuantity: 2 });
      expectConsistent(item);
    });

    it('never reserves more than is available, and the refusal is a conflict naming quantity', () => {
      const item = stored({ quantity: 5 });
      reserve(item, 3);
      const error = errorOf(() => reserve(item, 3));
      expect(error).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', kind: 'conflict' });
      expect(error?.details).toMatchObject({ field: 'quantity', available: 2, requested: 3 });
      reserve(item, 2);
      expect(item.available).toBe(0);
      expect(errorOf(() => reserve(item, 1))?.code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      expectConsistent(item);
    });

    it('consumes exactly the reserved units, once', () => {
      const item = stored({ quantity: 4, reorderLevel: 0 });
      const part = reserve(item, 4);
      item.consume(part.id);
      expect(item.snapshot).toMatchObject({ quantity: 0, reservedQuantity: 0 });
      expect(item.status).toBe('out_of_stock');
      const again = errorOf(() => item.consume(part.id));
      expect(again).toMatchObject({
        code: 'WORK_ORDER_PART.INVALID_TRANSITION',
        kind: 'invalid_transition',
      });
      expect(errorOf(() => item.release(part.id))?.code).toBe('WORK_ORDER_PART.INVALID_TRANSITION');
      expect(item.snapshot.quantity).toBe(0);
      expectConsistent(item);
    });

    it('keeps the invariants over a long random sequence of commands', () => {
      const item = stored({ quantity: 20, reorderLevel: 5 });
      let seed = 42;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const open: string[] = [];
      for (let i = 0; i < 500; i++) {
        const pick = random(5);
        errorOf(() => {
          if (pick === 0) open.push(reserve(item, 1 + random(6)).id);
          else if (pick === 1 && open.length) item.consume(open.splice(random(open.length), 1)[0]);
          else if (pick === 2 && open.length) item.release(open.splice(random(open.length), 1)[0]);
          else if (pick === 3)
            item.adjust(random(2) ? 1 + random(5) : -(1 + random(8)), 'cycle count');
          else item.receive(1 + random(3));
        });
        expectConsistent(item);
      }
    });
  });

  it('releases reserved units back to what is available without touching the quantity', () => {
    const item = stored({ quantity: 5 });
    const part = reserve(item, 5);
    item.release(part.id);
    expect(item.snapshot).toMatchObject({ quantity: 5, reservedQuantity: 0 });
    expect(item.available).toBe(5);
    expect(item.part(part.id)?.status).toBe('released');
  });

  it('captures the unit cost at reservation: later price changes do not reach the part', () => {
    const item = stored({ unitCost: '19.99' });
    const part = reserve(item, 1);
    item.changeDetails({ unitCost: '25.00' });
    item.consume(part.id);
    expect(item.part(part.id)?.unitCost.toString()).toBe('19.99');
    const consumed = item.uncommittedEvents.find(
      (e) => e.type === 'field-service.inventory.part-consumed.v1',
    );
    expect(consumed?.payload).toMatchObject({ unitCost: '19.99', units: 1 });
  });

  it('refuses reservations for completed or cancelled work orders', () => {
    const item = stored();
    for (const status of ['completed', 'cancelled']) {
      expect(errorOf(() => reserve(item, 1, status))?.code).toBe(
        'WORK_ORDER_PART.WORK_ORDER_CLOSED',
      );
    }
    expect(item.snapshot.reservedQuantity).toBe(0);
  });

  describe('reorder level', () => {
    it('is announced exactly when the quantity crosses down to the level, not while it stays below', () => {
      const item = stored({ quantity: 6, reorderLevel: 3 });
      item.adjust(-2, 'count');
      expect(types(item)).not.toContain(REORDER);
      const part = reserve(item, 1);
      item.consume(part.id);
      expect(types(item).filter((t) => t === REORDER)).toHaveLength(1);
      const reached = item.uncommittedEvents.find((e) => e.type === REORDER);
      expect(reached?.payload).toMatchObject({ sku: 'F-1', quantity: 3, reorderLevel: 3 });
      item.adjust(-1, 'count');
      item.adjust(-2, 'count');
      expect(types(item).filter((t) => t === REORDER)).toHaveLength(1);
      item.receive(10);
      item.adjust(-10, 'count');
      expect(types(item).filter((t) => t === REORDER)).toHaveLength(2);
    });

    it('follows the event that caused it, with reservations alone never triggering it', () => {
      const item = stored({ quantity: 4, reorderLevel: 3 });
      reserve(item, 4);
      expect(types(item)).not.toContain(REORDER);
      item.consume(item.snapshot.parts[0].id);
      expect(types(item).slice(-2)).toEqual(['field-service.inventory.part-consumed.v1', REORDER]);
    });

    it('is announced when raising the level, creating at the level, or reactivating below it', () => {
      expect(types(create({ quantity: 2, reorderLevel: 2 }))).toEqual([
        'field-service.inventory.created.v1',
        REORDER,
      ]);
      const item = stored({ quantity: 5, reorderLevel: 3 });
      item.changeDetails({ reorderLevel: 5 });
      expect(types(item)).toEqual(['field-service.inventory.details-changed.v1', REORDER]);
      item.deactivate();
      item.reactivate();
      expect(types(item).filter((t) => t === REORDER)).toHaveLength(2);
    });

    it('is not announced for discontinued or deactivated items', () => {
      expect(types(create({ quantity: 0, discontinued: true }))).not.toContain(REORDER);
      const item = stored({ quantity: 5, reorderLevel: 3, discontinued: true });
      item.adjust(-5, 'count');
      expect(types(item)).not.toContain(REORDER);
      expect(item.needsReorder).toBe(false);
    });
  });

  it('records detail changes with previous values, including a derived status, and nothing for no-ops', () => {
    const item = stored({ quantity: 3, reorderLevel: 1 });
    item.changeDetails({ name: 'Filter', unitCost: '4.25', description: null });
    expect(item.uncommittedEvents).toHaveLength(0);
    item.changeDetails({ name: 'Oil filter', unitCost: '4.30', discontinued: true });
    expect(item.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.inventory.details-changed.v1',
      payload: { name: 'Oil filter', unitCost: '4.30', status: 'discontinued' },
      previous: { name: 'Filter', unitCost: '4.25', status: 'in_stock' },
    });
  });

  it('records stock changes with the quantity before and after', () => {
    const item = stored({ quantity: 3 });
    item.receive(7);
    item.adjust(-1, '  broken  ');
    expect(item.uncommittedEvents.map((e) => [e.payload, e.previous])).toEqual([
      [
        { received: 7, quantity: 10, status: 'in_stock' },
        { quantity: 3, status: 'low_stock' },
      ],
      [
        { delta: -1, reason: 'broken', quantity: 9, status: 'in_stock' },
        { quantity: 10, status: 'in_stock' },
      ],
    ]);
  });

  it('refuses invalid amounts of stock naming the field', () => {
    const item = stored();
    expect(errorOf(() => item.receive(0))?.details?.field).toBe('quantity');
    expect(errorOf(() => item.receive(MAX_QUANTITY))?.details?.field).toBe('quantity');
    expect(errorOf(() => item.adjust(0, 'x'))?.details?.field).toBe('delta');
    expect(errorOf(() => item.adjust(1, '  '))?.details?.field).toBe('reason');
    expect(errorOf(() => reserve(item, 0))?.details?.field).toBe('quantity');
    expect(item.uncommittedEvents).toHaveLength(0);
  });

  it('freezes a deactivated item except for settling its reservations', () => {
    const item = stored({ quantity: 5 });
    const part = reserve(item, 2);
    item.deactivate();
    for (const change of [
      () => item.receive(1),
      () => item.adjust(1, 'x'),
      () => reserve(item, 1),
      () => item.changeDetails({ name: 'x' }),
    ]) {
      expect(errorOf(change)?.code).toBe('INVENTORY.INACTIVE');
    }
    item.consume(part.id);
    expect(item.snapshot).toMatchObject({ quantity: 3, reservedQuantity: 0, isActive: false });
  });

  it('is deleted only when no work order ever used it', () => {
    expect(errorOf(() => stored().delete(true))?.code).toBe('INVENTORY.IN_USE');
    const withReservation = stored();
    reserve(withReservation, 1);
    expect(errorOf(() => withReservation.delete(false))?.code).toBe('INVENTORY.IN_USE');
    const unused = stored();
    unused.delete(false);
    expect(types(unused)).toEqual(['field-service.inventory.deleted.v1']);
  });

  it('rehydrates without sharing part records with the caller', () => {
    const state: InventoryState = {
      ...stored().snapshot,
      quantity: 2,
      reservedQuantity: 2,
      parts: [
        {
          id: partId(),
          workOrderId: WO,
          quantity: 2,
          unitCost: Money.parse('1.00'),
          status: 'reserved',
          createdAt: new Date(),
        },
      ],
    };
    const item = Inventory.rehydrate(ID, 7, state);
    item.release(state.parts[0].id);
    expect(state.parts[0].status).toBe('reserved');
    expect(item.version).toBe(7);
    expect(item.part(state.parts[0].id)).toMatchObject({ status: 'released', dirty: 'changed' });
  });

  it('documents the work-order part lifecycle exactly as the machine has it', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/field-service.md'), 'utf8');
    const table =
      /<!-- work-order-part-transitions:start -->([\s\S]*?)<!-- work-order-part-transitions:end -->/.exec(
        doc,
      )?.[1] ?? '';
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| From'))
      .map((line) =>
        line
          .split('|')
          .slice(1, 4)
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(WORK_ORDER_PART_LIFECYCLE.edges().map((e) => [e.from, e.action, e.to]));
  });
});
