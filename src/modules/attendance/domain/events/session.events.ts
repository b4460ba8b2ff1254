import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import type { LocationFlag } from '../geofence';
import type { SessionEventType, SessionStatus } from '../session-lifecycle';

export class SessionStartedEvent extends DomainEvent<{
  tenantId: string;
  contactId: string;
  meetingId: string;
  status: SessionStatus;
  destName: string;
  destAddress: string;
  destLat: number;
  destLng: number;
}> {
  // the destination is the venue's, copied from the meeting: not the person's position
  static readonly personalData = personalData<SessionStartedEvent>({
    fields: [],
    notPersonal: ['destName', 'destAddress', 'destLat', 'destLng'],
  });
  readonly type = 'attendance.session.started.v1';
}

export interface SessionEventPayload {
  eventId: string;
  contactId: string;
  meetingId: string;
  eventType: SessionEventType;
  tsClient: string;
  tsServer: string;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  distanceMeters: number | null;
  locationFlag: LocationFlag;
  clockSkewed: boolean;
  outsideWindow: boolean;
  receiptId: string;
  status: SessionStatus;
  attendedSeconds: number | null;
}

/**
 * Positions are the contact's personal data: sealed under the contact's key. The decision
 * (`locationFlag`: granted, denied, timeout) stays readable: it is the attendance fact the
 * ledger vouches for, and names no place.
 */
const POSITION = personalData<SessionEventRecordedEvent>({
  fields: ['lat', 'lng', 'accuracy', 'distanceMeters'],
  subject: 'contactId',
  notPersonal: ['locationFlag'],
});

/** A check-in, check-out or location update with its decision and receipt id. */
export class SessionEventRecordedEvent extends DomainEvent<SessionEventPayload> {
  static readonly personalData = POSITION;
  readonly type = 'attendance.session.event-recorded.v1';
}

export class SessionEndedEvent extends DomainEvent<{ status: SessionStatus }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'attendance.session.ended.v1';
}
