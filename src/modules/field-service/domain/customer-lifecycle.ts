import { StateMachine } from '@opsledger/ddd';

export const CUSTOMER_STATUSES = ['active', 'suspended', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_ACTIONS = ['suspend', 'reinstate', 'deactivate', 'reactivate'] as const;
export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];

/**
 * A customer's standing. `inactive` is the soft delete (`is_active = false`); `suspended` keeps
 * the customer visible but takes no new work orders.
 */
export const CUSTOMER_LIFECYCLE = new StateMachine<CustomerStatus, CustomerAction>('customer', {
  active: { suspend: 'suspended', deactivate: 'inactive' },
  suspended: { reinstate: 'active', deactivate: 'inactive' },
  inactive: { reactivate: 'active' },
});
