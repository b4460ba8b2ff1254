import { AggregateRoot } from '@opsledger/ddd';
import {
  ConsentRequiredError,
  InvalidAttendanceFieldError,
  MeetingInactiveError,
} from './attendance.errors';
import {
  SessionEndedEvent,
  SessionEventPayload,
  SessionEventRecordedEvent,
  SessionStartedEvent,
} from './events/session.events';
import { decideGeofence, isValidPosition, Position } from './geofence';
import type { Meeting } from './meeting.aggregate';
import {
  OPEN_SESSION_STATUSES,
  SESSION_LIFECYCLE,
  SessionEventType,
  SessionStatus,
} from './session-lifecycle';

export interface AttendanceSessionState {
  tenantId: string;
  contactId: string;
  meetingId: string;
  status: SessionStatus;
  destName: string;
  destAddress: string;
  destLat: number;
  destLng: number;
  sessionNotes: string | null;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  attendedSeconds: number | null;
  createdAt: Date;
}

/** One row of `session_events`, as the repository inserts it. */
export interface SessionEventRecord {
  id: string;
  type: SessionEventType;
  tsClient: Date;
  tsServer: Date;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  distanceMeters: number | null;
  locationFlag: SessionEventPayload['locationFlag'];
  clockSkewed: boolean;
  outsideWindow: boolean;
  receiptId: string;
  notes: string | null;
}

export interface PositionReport {
  eventId: string;
  receiptId: string;
  type: Exclude<SessionEventType, 'status_change'>;
  /** Null when the phone reported no fix (a timeout). */
  fix: Position | null;
  accuracy: number | null;
  tsClient: Date;
  tsServer: Date;
  /** For check-in and check-out, the code scanned at the venue; ignored for location updates. */
  qrCode?: string;
  notes?: string | null;
}

export interface PositionContext {
  meeting: Meeting;
  consentGranted: boolean;
  maxClockSkewMs: number;
}

/** A contact's attendance at one meeting (spec 004 `sessions` and its `session_events`). */
export class AttendanceSession extends AggregateRoot {
  readonly streamType = 'attendance-session';
  private recorded: SessionEventRecord[] = [];

  private constructor(
    id: string,
    version: number,
    private state: AttendanceSessionState,
  ) {
    super(id, version);
  }

  static start(
    props: {
      id: string;
      contactId: string;
      meeting: Meeting;
      consentGranted: boolean;
      notes?: string | null;
    },
    now = new Date(),
  ): AttendanceSession {
    if (!props.consentGranted) throw new ConsentRequiredError();
    const m = props.meeting.snapshot;
    if (!m.isActive) throw new MeetingInactiveError();
    const session = new AttendanceSession(props.id, 0, {
      tenantId: m.tenantId,
      contactId: props.contactId,
      meetingId: props.meeting.id,
      status: 'active',
      destName: m.name,
      destAddress: m.address,
      destLat: m.lat,
      destLng: m.lng,
      sessionNotes: props.notes?.trim() || null,
      checkedInAt: null,
      checkedOutAt: null,
      attendedSeconds: null,
      createdAt: now,
    });
    const s = session.state;
    session.record(
      new SessionStartedEvent(props.id, {
        tenantId: s.tenantId,
        contactId: s.contactId,
        meetingId: s.meetingId,
        status: 'active',
        destName: s.destName,
        destAddress: s.destAddress,
        destLat: s.destLat,
        destLng: s.destLng,
      }),
    );
    return session;
  }

  static rehydrate(id: string, version: number, state: AttendanceSessionState): AttendanceSession {
    return new AttendanceSession(id, version, { ...state });
  }

  get snapshot(): Readonly<AttendanceSessionState> {
    return this.state;
  }

  get isOpen(): boolean {
    return OPEN_SESSION_STATUSES.includes(this.state.status);
  }

  /** Rows of `session_events` recorded since load, for the repository. */
  get newEvents(): readonly SessionEventRecord[] {
    return this.recorded;
  }

  /**
   * A check-in, check-out or location update. Nothing is accepted without consent. The server
   * decides the flag; a denied or timed-out check-in is recorded and leaves the session active
   * (the contact may try again); a check-out completes the session whatever its flag, and its
   * flag is reported. Clock skew and the meeting's window only flag, they never refuse.
   */
  reportPosition(report: PositionReport, context: PositionContext): SessionEventRecord {
    if (!context.consentGranted) throw new ConsentRequiredError();
    if (report.fix && !isValidPosition(report.fix))
      throw new InvalidAttendanceFieldError(
        'lat',
        'lat must be in [-90, 90] and lng in [-180, 180]',
      );
    if (report.accuracy !== null && !(Number.isFinite(report.accuracy) && report.accuracy >= 0))
      throw new InvalidAttendanceFieldError('accuracy', 'accuracy must be a non-negative number');
    const from = this.state.status;
    if (report.type === 'location_update') {
      if (!this.isOpen) SESSION_LIFECYCLE.next(from, 'end'); // throws, naming what is allowed
    } else {
      SESSION_LIFECYCLE.next(from, report.type);
      // a cancelled meeting checks no one in; who is there may still check out
      if (report.type === 'check_in' && !context.meeting.snapshot.isActive)
        throw new MeetingInactiveError();
      context.meeting.assertQrCode(report.qrCode ?? '');
    }
    const decision = decideGeofence(context.meeting.fence, report.fix, report.accuracy);
    const event: SessionEventRecord = {
      id: report.eventId,
      type: report.type,
      tsClient: report.tsClient,
      tsServer: report.tsServer,
      lat: report.fix?.lat ?? null,
      lng: report.fix?.lng ?? null,
      accuracy: report.fix ? report.accuracy : null,
      distanceMeters: decision.distanceMeters,
      locationFlag: decision.flag,
      clockSkewed:
        Math.abs(report.tsClient.getTime() - report.tsServer.getTime()) > context.maxClockSkewMs,
      outsideWindow: context.meeting.isOutsideWindow(report.tsServer),
      receiptId: report.receiptId,
      notes: report.notes?.trim() || null,
    };
    const previous = {
      status: from,
      checkedInAt: this.state.checkedInAt?.toISOString() ?? null,
      attendedSeconds: this.state.attendedSeconds,
    };
    if (report.type === 'check_in' && decision.flag === 'granted') {
      this.state = { ...this.state, status: 'checked_in', checkedInAt: report.tsServer };
    } else if (report.type === 'check_out') {
      const since = this.state.checkedInAt ?? report.tsServer;
      this.state = {
        ...this.state,
        status: 'completed',
        checkedOutAt: report.tsServer,
        attendedSeconds: Math.max(
          0,
          Math.round((report.tsServer.getTime() - since.getTime()) / 1000),
        ),
      };
    }
    this.recorded.push(event);
    this.record(
      new SessionEventRecordedEvent(
        this.id,
        {
          eventId: event.id,
          contactId: this.state.contactId,
          meetingId: this.state.meetingId,
          eventType: event.type,
          tsClient: event.tsClient.toISOString(),
          tsServer: event.tsServer.toISOString(),
          lat: event.lat,
          lng: event.lng,
          accuracy: event.accuracy,
          distanceMeters: event.distanceMeters,
          locationFlag: event.locationFlag,
          clockSkewed: event.clockSkewed,
          outsideWindow: event.outsideWindow,
          receiptId: event.receiptId,
          status: this.state.status,
          attendedSeconds: this.state.attendedSeconds,
        },
        previous,
      ),
    );
    return event;
  }

  end(): void {
    const from = this.state.status;
    const to = SESSION_LIFECYCLE.next(from, 'end');
    this.state = { ...this.state, status: to };
    this.record(new SessionEndedEvent(this.id, { status: to }, { status: from }));
  }

  override markCommitted(): void {
    super.markCommitted();
    this.recorded = [];
  }
}
