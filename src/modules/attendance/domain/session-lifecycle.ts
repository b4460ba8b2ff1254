import { StateMachine } from '@opsledger/ddd';

/** Spec 004 `sessions.status`: active → checked_in → completed, or ended by hand. */
export type SessionStatus = 'active' | 'checked_in' | 'completed' | 'ended';
export const SESSION_STATUSES: readonly SessionStatus[] = [
  'active',
  'checked_in',
  'completed',
  'ended',
];
export const OPEN_SESSION_STATUSES: readonly SessionStatus[] = ['active', 'checked_in'];

export type SessionAction = 'check_in' | 'check_out' | 'end';

export type SessionEventType = 'check_in' | 'check_out' | 'location_update' | 'status_change';
export const SESSION_EVENT_TYPES: readonly SessionEventType[] = [
  'check_in',
  'check_out',
  'location_update',
  'status_change',
];

export const SESSION_LIFECYCLE = new StateMachine<SessionStatus, SessionAction>('session', {
  active: { check_in: 'checked_in', end: 'ended' },
  checked_in: { check_out: 'completed', end: 'ended' },
  completed: {},
  ended: {},
});
