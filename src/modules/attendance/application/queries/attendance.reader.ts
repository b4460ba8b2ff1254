import type { Position } from '../../domain/geofence';
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
