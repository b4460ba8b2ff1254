import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export interface MeetingDetails {
  name: string;
  description: string | null;
  address: string;
  lat: number;
  lng: number;
  radiusMeters: number;
  startTime: string | null;
  endTime: string | null;
}

/** A venue is not a person: its address and position are not personal data. */
export class MeetingCreatedEvent extends DomainEvent<
  MeetingDetails & { tenantId: string; createdBy: string | null; isActive: true }
> {
  static readonly personalData = personalData<MeetingCreatedEvent>({
    fields: [],
    notPersonal: ['name', 'address', 'lat', 'lng'],
  });
  readonly type = 'attendance.meeting.created.v1';
}

/** The printed code changed; the code itself is not stored in the ledger (only that it rotated). */
export class MeetingQrCodeRotatedEvent extends DomainEvent<{ rotatedAt: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'attendance.meeting.qr-code-rotated.v1';
}

export class MeetingDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'attendance.meeting.deactivated.v1';
}

/**
 * The venue, schedule or fence changed. The payload has the new values of the fields that
 * changed, `previous` their old ones. Only later check-ins and check-outs are judged against
 * the new fence and window: every recorded session event keeps the decision it got.
 */
export class MeetingChangedEvent extends DomainEvent<Partial<MeetingDetails>> {
  static readonly personalData = personalData<MeetingChangedEvent>({
    fields: [],
    notPersonal: ['name', 'address', 'lat', 'lng'],
  });
  readonly type = 'attendance.meeting.changed.v1';
}
