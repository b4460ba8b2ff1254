import { AggregateRoot } from '@opsledger/ddd';
import {
  InvalidAttendanceFieldError,
  InvalidMeetingWindowError,
  QrCodeMismatchError,
} from './attendance.errors';
import {
  MeetingChangedEvent,
  MeetingCreatedEvent,
  MeetingDeactivatedEvent,
  MeetingDetails,
  MeetingQrCodeRotatedEvent,
} from './events/meeting.events';
import { Fence, isValidPosition } from './geofence';

export interface MeetingState {
  tenantId: string;
  name: string;
  description: string | null;
  address: string;
  lat: number;
  lng: number;
  radiusMeters: number;
  startTime: Date | null;
  endTime: Date | null;
  isActive: boolean;
  qrCode: string;
  createdBy: string | null;
  createdAt: Date;
}

/** Spec 004's default check-in radius. */
export const DEFAULT_RADIUS_METERS = 100;
export const MAX_RADIUS_METERS = 50_000;

function required(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max)
    throw new InvalidAttendanceFieldError(field, `${field} must be 1 to ${max} characters`);
  return trimmed;
}

/** What a coordinator may change on a meeting; an absent field stays as it is. */
export interface MeetingChanges {
  name?: string;
  description?: string | null;
  address?: string;
  lat?: number;
  lng?: number;
  radiusMeters?: number;
  startTime?: Date | null;
  endTime?: Date | null;
}

function checkedRadius(radiusMeters: number): number {
  if (!Number.isFinite(radiusMeters) || radiusMeters <= 0 || radiusMeters > MAX_RADIUS_METERS)
    throw new InvalidAttendanceFieldError(
      'radiusMeters',
      `radiusMeters must be more than 0 and at most ${MAX_RADIUS_METERS}`,
    );
  return radiusMeters;
}

function checkedPosition(lat: number, lng: number): void {
  if (!isValidPosition({ lat, lng }))
    throw new InvalidAttendanceFieldError('lat', 'lat must be in [-90, 90] and lng in [-180, 180]');
}

/** A meeting at a venue with a geofence and a time window (spec 004 `meetings`). */
export class Meeting extends AggregateRoot {
  readonly streamType = 'attendance-meeting';

  private constructor(
    id: string,
    version: number,
    private state: MeetingState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      name: string;
      description?: string | null;
      address: string;
      lat: number;
      lng: number;
      radiusMeters?: number;
      startTime?: Date | null;
      endTime?: Date | null;
      qrCode: string;
      createdBy: string | null;
    },
    now = new Date(),
  ): Meeting {
    checkedPosition(props.lat, props.lng);
    const radiusMeters = checkedRadius(props.radiusMeters ?? DEFAULT_RADIUS_METERS);
    const startTime = props.startTime ?? null;
    const endTime = props.endTime ?? null;
    if (startTime && endTime && endTime <= startTime) throw new InvalidMeetingWindowError();
    const details: MeetingDetails = {
      name: required(props.name, 'name', 255),
      description: props.description?.trim() || null,
      address: required(props.address, 'address', 500),
      lat: props.lat,
      lng: props.lng,
      radiusMeters,
      startTime: startTime?.toISOString() ?? null,
      endTime: endTime?.toISOString() ?? null,
    };
    const meeting = new Meeting(props.id, 0, {
      ...details,
      tenantId: props.tenantId,
      startTime,
      endTime,
      isActive: true,
      qrCode: props.qrCode,
      createdBy: props.createdBy,
      createdAt: now,
    });
    meeting.record(
      new MeetingCreatedEvent(props.id, {
        ...details,
        tenantId: props.tenantId,
        createdBy: props.createdBy,
        isActive: true,
      }),
    );
    return meeting;
  }

  static rehydrate(id: string, version: number, state: MeetingState): Meeting {
    return new Meeting(id, version, { ...state });
  }

  get snapshot(): Readonly<MeetingState> {
    return this.state;
  }

  get fence(): Fence {
    return { lat: this.state.lat, lng: this.state.lng, radiusMeters: this.state.radiusMeters };
  }

  /** The venue's printed code; a stale or foreign code is refused. */
  assertQrCode(scanned: string): void {
    if (scanned !== this.state.qrCode) throw new QrCodeMismatchError();
  }

  /** Whether `at` lies outside the scheduled window (an open end never excludes). */
  isOutsideWindow(at: Date): boolean {
    const { startTime, endTime } = this.state;
    return (startTime !== null && at < startTime) || (endTime !== null && at > endTime);
  }

  rotateQrCode(code: string, now = new Date()): void {
    this.state = { ...this.state, qrCode: code };
    this.record(new MeetingQrCodeRotatedEvent(this.id, { rotatedAt: now.toISOString() }));
  }

  /**
   * Changes the venue, schedule or fence. Fields equal to the current value are not changes;
   * when nothing differs no event is recorded. The result must still be a valid meeting.
   */
  change(changes: MeetingChanges): void {
    const s = this.state;
    const next: MeetingState = {
      ...s,
      name: changes.name === undefined ? s.name : required(changes.name, 'name', 255),
      description:
        changes.description === undefined ? s.description : changes.description?.trim() || null,
      address:
        changes.address === undefined ? s.address : required(changes.address, 'address', 500),
      lat: changes.lat ?? s.lat,
      lng: changes.lng ?? s.lng,
      radiusMeters:
        changes.radiusMeters === undefined ? s.radiusMeters : checkedRadius(changes.radiusMeters),
      startTime: changes.startTime === undefined ? s.startTime : changes.startTime,
      endTime: changes.endTime === undefined ? s.endTime : changes.endTime,
    };
    checkedPosition(next.lat, next.lng);
    if (next.startTime && next.endTime && next.endTime <= next.startTime)
      throw new InvalidMeetingWindowError();
    const before = Meeting.details(s);
    const after = Meeting.details(next);
    const changed = (Object.keys(after) as (keyof MeetingDetails)[]).filter(
      (key) => after[key] !== before[key],
    );
    if (changed.length === 0) return;
    const pick = (details: MeetingDetails) =>
      Object.fromEntries(changed.map((key) => [key, details[key]])) as Partial<MeetingDetails>;
    this.state = next;
    this.record(new MeetingChangedEvent(this.id, pick(after), pick(before)));
  }

  private static details(s: MeetingState): MeetingDetails {
    return {
      name: s.name,
      description: s.description,
      address: s.address,
      lat: s.lat,
      lng: s.lng,
      radiusMeters: s.radiusMeters,
      startTime: s.startTime?.toISOString() ?? null,
      endTime: s.endTime?.toISOString() ?? null,
    };
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new MeetingDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }
}
