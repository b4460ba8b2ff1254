import { AggregateRoot } from '@opsledger/ddd';
import {
  InvalidAttendanceFieldError,
  InvalidMeetingWindowError,
  QrCodeMismatchError,
} from './attendance.errors';
import {
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
    if (!isValidPosition({ lat: props.lat, lng: props.lng }))
      throw new InvalidAttendanceFieldError(
        'lat',
        'lat must be in [-90, 90] and lng in [-180, 180]',
      );
    const radiusMeters = props.radiusMeters ?? DEFAULT_RADIUS_METERS;
    if (!Number.isFinite(radiusMeters) || radiusMeters <= 0 || radiusMeters > MAX_RADIUS_METERS)
      throw new InvalidAttendanceFieldError(
        'radiusMeters',
        `radiusMeters must be more than 0 and at most ${MAX_RADIUS_METERS}`,
      );
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

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new MeetingDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }
}
