import { StateMachine } from '@opsledger/ddd';

export const TECHNICIAN_STATUSES = ['active', 'on_leave', 'inactive'] as const;
export type TechnicianStatus = (typeof TECHNICIAN_STATUSES)[number];

export const TECHNICIAN_ACTIONS = ['start-leave', 'end-leave', 'deactivate', 'reactivate'] as const;
export type TechnicianAction = (typeof TECHNICIAN_ACTIONS)[number];

export const TECHNICIAN_AVAILABILITIES = ['available', 'busy', 'off_duty'] as const;
export type TechnicianAvailability = (typeof TECHNICIAN_AVAILABILITIES)[number];

/**
 * A technician's employment standing: only an `active` one takes new assignments. `inactive`
 * is the soft delete (`is_active = false`). Availability (available, busy, off duty) is the
 * moment-to-moment state beside it and moves freely.
 */
export const TECHNICIAN_LIFECYCLE = new StateMachine<TechnicianStatus, TechnicianAction>(
  'technician',
  {
    active: { 'start-leave': 'on_leave', deactivate: 'inactive' },
    on_leave: { 'end-leave': 'active', deactivate: 'inactive' },
    inactive: { reactivate: 'active' },
  },
);
