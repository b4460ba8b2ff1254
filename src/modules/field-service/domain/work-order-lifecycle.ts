import { StateMachine } from '@opsledger/ddd';

export const WORK_ORDER_STATUSES = [
  'pending',
  'assigned',
  'in_progress',
  'on_hold',
  'completed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const WORK_ORDER_ACTIONS = [
  'assign',
  'unassign',
  'reschedule',
  'start',
  'pause',
  'resume',
  'complete',
  'cancel',
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];

/** The statuses in which an order holds its technician's time (the exclusion constraint's set). */
export const BOOKING_STATUSES: readonly WorkOrderStatus[] = ['assigned', 'in_progress', 'on_hold'];

/**
 * The work order's lifecycle. docs/field-service.md shows this table, and
 * work-order-lifecycle.spec.ts fails when the two differ.
 */
export const WORK_ORDER_LIFECYCLE = new StateMachine<WorkOrderStatus, WorkOrderAction>(
  'work_order',
  {
    pending: { assign: 'assigned', reschedule: 'pending', cancel: 'cancelled' },
    assigned: {
      start: 'in_progress',
      unassign: 'pending',
      reschedule: 'assigned',
      cancel: 'cancelled',
    },
    in_progress: { pause: 'on_hold', complete: 'completed' },
    on_hold: { resume: 'in_progress' },
    completed: {},
    cancelled: {},
  },
);
