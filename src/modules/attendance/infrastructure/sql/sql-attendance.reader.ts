import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { boundingBox, EARTH_RADIUS_METERS, Position } from '../../domain/geofence';
import {
  AttendanceLine,
  ContactView,
  MeetingView,
  NearbyMeetingView,
  SessionEventView,
  SessionView,
} from '../../application/queries/attendance.read-model';
import { AttendanceReader } from '../../application/queries/attendance.reader';
import { ContactFilter } from '../../application/queries/list-contacts/list-contacts.query';
import { MeetingFilter } from '../../application/queries/list-meetings/list-meetings.query';
import { CONTACT_COLUMNS, ContactRow, MEETING_COLUMNS, MeetingRow } from './attendance-rows.sql';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Haversine in SQL, the same formula as the domain's `distanceMeters`. */
const DISTANCE_SQL = `(2 * ${EARTH_RADIUS_METERS} * asin(least(1, sqrt(
    power(sin(radians(lat - $2) / 2), 2) + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lng - $3) / 2), 2)))))`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `%text%` for ILIKE, with the pattern's own wildcards taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest-first pages: created_at comes from the application clock, so milliseconds are exact. */
const cursorOf = (r: { created_at: Date; id: string }) => [r.created_at.toISOString(), r.id];

/** Adds a condition on fresh parameters, one per value. */
type Condition = (sql: (...names: string[]) => string, ...values: unknown[]) => void;

function keysetAfter(cursor: string | undefined, add: Condition): void {
  const after = decodeCursor(cursor, 2);
  if (!after) return;
  const [at, id] = after;
  if (
    typeof at !== 'string' ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  )
    throw new InvalidCursorError();
  add((a, b) => `(created_at, id) < (${a}::timestamptz, ${b}::uuid)`, at, id);
}

const contactView = (r: ContactRow): ContactView => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  phone: r.phone,
  firstName: r.first_name,
  lastName: r.last_name,
  ghlContactId: r.ghl_contact_id,
  notes: r.notes,
  consentGranted: r.consent_granted,
  consentTimestamp: iso(r.consent_timestamp),
  consentWithdrawnAt: iso(r.consent_withdrawn_at),
  isActive: r.is_active,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

const meetingView = (r: MeetingRow): MeetingView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  radiusMeters: r.radius_meters,
  startTime: iso(r.start_time),
  endTime: iso(r.end_time),
  isActive: r.is_active,
  qrCode: r.qr_code,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

@Injectable()
export class SqlAttendanceReader extends AttendanceReader {
  constructor(private readonly db: Db) {
    super();
  }

  async contact(tenantId: string, id: string): Promise<ContactView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as ContactRow[];
    return rows[0] ? contactView(rows[0]) : null;
  }

  async contacts(
    tenantId: string,
    filter: ContactFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContactView>> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add: Condition = (sql, ...values) => {
      const names = values.map((value) => `$${params.push(value)}`);
      where.push(sql(...names));
    };
    if (filter.active !== undefined) add((n) => `is_active = ${n}`, filter.active);
    if (filter.consentGranted !== undefined)
      add((n) => `consent_granted = ${n}`, filter.consentGranted);
    if (filter.q)
      add(
        (n) =>
          `(email ILIKE ${n} ESCAPE '\\' OR first_name ILIKE ${n} ESCAPE '\\' OR last_name ILIKE ${n} ESCAPE '\\'
            OR (first_name || ' ' || last_name) ILIKE ${n} ESCAPE '\\')`,
        likePattern(filter.q),
      );
    keysetAfter(cursor, add);
    params.push(limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as ContactRow[];
    return toPage(rows, limit, contactView, cursorOf);
  }

  async meeting(tenantId: string, id: string): Promise<MeetingView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as MeetingRow[];
    return rows[0] ? meetingView(rows[0]) : null;
  }

  async meetings(
    tenantId: string,
    filter: MeetingFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<MeetingView>> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add: Condition = (sql, ...values) => {
      const names = values.map((value) => `$${params.push(value)}`);
      where.push(sql(...names));
    };
    if (filter.active !== undefined) add((n) => `is_active = ${n}`, filter.active);
    if (filter.from) add((n) => `(end_time IS NULL OR end_time >= ${n})`, filter.from);
    if (filter.to) add((n) => `(start_time IS NULL OR start_time <= ${n})`, filter.to);
    if (filter.q)
      add(
        (n) => `(name ILIKE ${n} ESCAPE '\\' OR address ILIKE ${n} ESCAPE '\\')`,
        likePattern(filter.q),
      );
    keysetAfter(cursor, add);
    params.push(limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as MeetingRow[];
    return toPage(rows, limit, meetingView, cursorOf);
  }

  /**
   * The bounding box goes to `ix_meetings_lat_lng` (a range on lat, then lng); only the rows in
   * the box get the exact distance. Across the antimeridian the box is two longitude ranges.
   */
  async nearbyMeetings(
    tenantId: string,
    centre: Position,
    radiusMeters: number,
    limit: number,
  ): Promise<NearbyMeetingView[]> {
    const box = boundingBox(centre, radiusMeters);
    const params: unknown[] = [
      tenantId,
      centre.lat,
      centre.lng,
      radiusMeters,
      limit,
      box.minLat,
      box.maxLat,
    ];
    const lngRanges = box.lngRanges.map(([west, east]) => {
      params.push(west, east);
      return `(lng BETWEEN $${params.length - 1} AND $${params.length})`;
    });
    const rows = (await this.db.manager.query(
      `SELECT * FROM (
         SELECT id, name, address, lat, lng, radius_meters, start_time, end_time, ${DISTANCE_SQL} AS distance
           FROM meetings
          WHERE tenant_id = $1 AND is_active AND lat BETWEEN $6 AND $7 AND (${lngRanges.join(' OR ')})
       ) m WHERE distance <= $4 ORDER BY distance, id LIMIT $5`,
      params,
    )) as Array<MeetingRow & { distance: number }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      radiusMeters: r.radius_meters,
      startTime: iso(r.start_time),
      endTime: iso(r.end_time),
      distanceMeters: r.distance,
    }));
  }

  async session(tenantId: string, id: string): Promise<SessionView | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, contact_id, meeting_id, status, dest_name, dest_address, dest_lat, dest_lng, session_notes, is_complete,
              checked_in_at, checked_out_at, attended_seconds, created_at, version
         FROM sessions WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as Array<{
      id: string;
      contact_id: string;
      meeting_id: string | null;
      status: SessionView['status'];
      dest_name: string;
      dest_address: string;
      dest_lat: number;
      dest_lng: number;
      session_notes: string | null;
      is_complete: boolean;
      checked_in_at: Date | null;
      checked_out_at: Date | null;
      attended_seconds: number | null;
      created_at: Date;
      version: number;
    }>;
    const r = rows[0];
    if (!r) return null;
    const events = (await this.db.manager.query(
      `SELECT id, type, ts_client, ts_server, lat, lng, accuracy, distance_meters, location_flag, clock_skewed, outside_window,
              receipt_id, notes
         FROM session_events WHERE tenant_id = $1 AND session_id = $2 ORDER BY ts_server, id`,
      [tenantId, id],
    )) as Array<{
      id: string;
      type: SessionEventView['type'];
      ts_client: Date;
      ts_server: Date;
      lat: number | null;
      lng: number | null;
      accuracy: number | null;
      distance_meters: number | null;
      location_flag: SessionEventView['locationFlag'];
      clock_skewed: boolean;
      outside_window: boolean;
      receipt_id: string | null;
      notes: string | null;
    }>;
    return {
      id: r.id,
      contactId: r.contact_id,
      meetingId: r.meeting_id,
      status: r.status,
      destName: r.dest_name,
      destAddress: r.dest_address,
      destLat: r.dest_lat,
      destLng: r.dest_lng,
      sessionNotes: r.session_notes,
      isComplete: r.is_complete,
      checkedInAt: iso(r.checked_in_at),
      checkedOutAt: iso(r.checked_out_at),
      attendedSeconds: r.attended_seconds,
      createdAt: r.created_at.toISOString(),
      version: r.version,
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        tsClient: e.ts_client.toISOString(),
        tsServer: e.ts_server.toISOString(),
        lat: e.lat,
        lng: e.lng,
        accuracy: e.accuracy,
        distanceMeters: e.distance_meters,
        locationFlag: e.location_flag,
        clockSkewed: e.clock_skewed,
        outsideWindow: e.outside_window,
        receiptId: e.receipt_id,
        notes: e.notes,
      })),
    };
  }

  async attendance(
    tenantId: string,
    of: { meetingId: string } | { contactId: string },
  ): Promise<AttendanceLine[]> {
    const byMeeting = 'meetingId' in of;
    const rows = (await this.db.manager.query(
      `SELECT s.id, s.contact_id, nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS contact_name, c.email,
              s.meeting_id, s.dest_name, s.status, s.created_at, s.checked_in_at, s.checked_out_at, s.attended_seconds,
              count(e.id)::int AS events,
              count(e.id) FILTER (WHERE e.location_flag = 'denied')::int AS denied,
              count(e.id) FILTER (WHERE e.location_flag = 'timeout')::int AS timeouts,
              count(e.id) FILTER (WHERE e.clock_skewed)::int AS skewed,
              count(e.id) FILTER (WHERE e.outside_window)::int AS outside
         FROM sessions s
         JOIN contacts c ON c.id = s.contact_id AND c.tenant_id = s.tenant_id
         LEFT JOIN session_events e ON e.session_id = s.id AND e.tenant_id = s.tenant_id
        WHERE s.tenant_id = $1 AND ${byMeeting ? 's.meeting_id' : 's.contact_id'} = $2
        GROUP BY s.id, c.id
        ORDER BY s.created_at, s.id`,
      [tenantId, byMeeting ? of.meetingId : of.contactId],
    )) as Array<{
      id: string;
      contact_id: string;
      contact_name: string | null;
      email: string;
      meeting_id: string | null;
      dest_name: string;
      status: AttendanceLine['status'];
      created_at: Date;
      checked_in_at: Date | null;
      checked_out_at: Date | null;
      attended_seconds: number | null;
      events: number;
      denied: number;
      timeouts: number;
      skewed: number;
      outside: number;
    }>;
    return rows.map((r) => ({
      sessionId: r.id,
      contactId: r.contact_id,
      contactName: r.contact_name,
      contactEmail: r.email,
      meetingId: r.meeting_id,
      meetingName: r.dest_name,
      status: r.status,
      startedAt: r.created_at.toISOString(),
      checkedInAt: iso(r.checked_in_at),
      checkedOutAt: iso(r.checked_out_at),
      attendedSeconds: r.attended_seconds,
      events: r.events,
      deniedEvents: r.denied,
      timeoutEvents: r.timeouts,
      clockSkewedEvents: r.skewed,
      outsideWindowEvents: r.outside,
    }));
  }
}
