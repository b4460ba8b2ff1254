import type { LocationFlag } from '../../domain/geofence';
import type { SessionEventType, SessionStatus } from '../../domain/session-lifecycle';

export interface ContactView {
  id: string;
  userId: string | null;
  email: string;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  ghlContactId: string | null;
  notes: string | null;
  consentGranted: boolean;
  consentTimestamp: string | null;
  consentWithdrawnAt: string | null;
  isActive: boolean;
  createdAt: string;
  version: number;
}

export interface MeetingView {
  id: string;
  name: string;
  description: string | null;
  address: string;
  lat: number;
  lng: number;
  radiusMeters: number;
  startTime: string | null;
  endTime: string | null;
  isActive: boolean;
  /** Coordinators only: the code printed at the venue (a contact must scan it there). */
  qrCode?: string | null;
  createdBy: string | null;
  createdAt: string;
  version: number;
}

export interface NearbyMeetingView {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  radiusMeters: number;
  startTime: string | null;
  endTime: string | null;
  distanceMeters: number;
}

export interface SessionEventView {
  id: string;
  type: SessionEventType;
  tsClient: string;
  tsServer: string;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  distanceMeters: number | null;
  locationFlag: LocationFlag;
  clockSkewed: boolean;
  outsideWindow: boolean;
  receiptId: string | null;
  notes: string | null;
}

export interface SessionView {
  id: string;
  contactId: string;
  meetingId: string | null;
  status: SessionStatus;
  destName: string;
  destAddress: string;
  destLat: number;
  destLng: number;
  sessionNotes: string | null;
  isComplete: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendedSeconds: number | null;
  createdAt: string;
  version: number;
  events: SessionEventView[];
}

/** One line of an attendance report (a meeting's, or a contact's history). */
export interface AttendanceLine {
  sessionId: string;
  contactId: string;
  contactName: string | null;
  contactEmail: string;
  meetingId: string | null;
  meetingName: string;
  status: SessionStatus;
  startedAt: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendedSeconds: number | null;
  events: number;
  deniedEvents: number;
  timeoutEvents: number;
  clockSkewedEvents: number;
  outsideWindowEvents: number;
}

export interface AttendanceReport {
  items: AttendanceLine[];
}
