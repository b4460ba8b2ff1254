import { Money, StateMachine } from '@opsledger/ddd';

export const WORK_ORDER_PART_STATUSES = ['reserved', 'consumed', 'released'] as const;
export type WorkOrderPartStatus = (typeof WORK_ORDER_PART_STATUSES)[number];

/** A reservation ends exactly once: used on the job, or handed back to stock. */
export const WORK_ORDER_PART_LIFECYCLE = new StateMachine<
  WorkOrderPartStatus,
  'consume' | 'release'
>('work_order_part', {
  reserved: { consume: 'consumed', release: 'released' },
  consumed: {},
  released: {},
});

/** Work-order statuses (spec 003) after which nothing new is reserved for the order. */
export const CLOSED_WORK_ORDER_STATUSES: readonly string[] = ['completed', 'cancelled'];

/**
 * Units of an inventory item set aside for a work order (`work_order_parts`). A child of the
 * Inventory aggregate: the item's reserved quantity is the sum of its reserved parts, so both
 * change together under the item's version.
 */
export interface WorkOrderPart {
  id: string;
  workOrderId: string;
  quantity: number;
  /** The item's unit cost when the units were reserved; later price changes do not touch it. */
  unitCost: Money;
  status: WorkOrderPartStatus;
  createdAt: Date;
  /** Set by the aggregate when the row must be inserted or its status written. */
  dirty?: 'new' | 'changed';
}
