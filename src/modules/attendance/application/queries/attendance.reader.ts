import type { Page } from '@opsledger/http';
import type { Position } from '../../domain/geofence';
import type { ContactFilter } from './list-contacts/list-contacts.query';
import type { MeetingFilter } from './list-meetings/list-meetings.query';
import {
  AttendanceLine,
  ContactView,
  MeetingView,
  NearbyMeetingView,
  SessionView,
} from './attendance.read-model';

/** Port: the attendance context's reads (never aggregates). */
export abstract class AttendanceReader {
  abstract contact(tenantId: string, id: string): Promise<ContactView | null>;
  abstract meeting(tenantId: string, id: string): Promise<MeetingView | null>;
  /** Newest first, keyset pages on (created_at, id). */
  abstract meetings(
    tenantId: string,
    filter: MeetingFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<MeetingView>>;
  /** Newest first, keyset pages on (created_at, id). */
  abstract contacts(
    tenantId: string,
    filter: ContactFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContactView>>;
  /** Active meetings within `radiusMeters` of `centre`, nearest first (bounding-box prefilter). */
  abstract nearbyMeetings(
    tenantId: string,
    centre: Position,
    radiusMeters: number,
    limit: number,
  ): Promise<NearbyMeetingView[]>;
  abstract session(tenantId: string, id: string): Promise<SessionView | null>;
  abstract attendance(
    tenantId: string,
    of: { meetingId: string } | { contactId: string },
  ): Promise<AttendanceLine[]>;
}
