import { Injectable } from '@nestjs/common';
import { AggregateWriter, EventMetadata } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { AttendanceSession, SessionEventRecord } from '../../domain/attendance-session.aggregate';
import { AttendanceSessionRepository } from '../../domain/attendance-session.repository';
import { SessionStatus } from '../../domain/session-lifecycle';

interface SessionRow {
  id: string;
  tenant_id: string;
  contact_id: string;
  meeting_id: string;
  status: SessionStatus;
  dest_name: string;
  dest_address: string;
  dest_lat: number;
  dest_lng: number;
  session_notes: string | null;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  attended_seconds: number | null;
  created_at: Date;
  version: number;
}

const INSERT_EVENTS = `INSERT INTO session_events (id, tenant_id, session_id, type, ts_client, ts_server,
  lat, lng, accuracy, location_flag, distance_meters, clock_skewed, outside_window, receipt_id, notes)`;
/** Parameters each event brings (the session id is $1 and the tenant $2 of the statement). */
const EVENT_PARAMS = 13;

/** `VALUES (…), (…)` for `count` events whose parameters start at `$first`. */
function eventRows(first: number, count: number): string {
  return `VALUES ${Array.from({ length: count }, (_, i) => {
    const $ = (k: number) => `$${first + i * EVENT_PARAMS + k}`;
    return `(${$(0)}, $2, $1, ${Array.from({ length: EVENT_PARAMS - 1 }, (_, k) => $(k + 1)).join(', ')})`;
  }).join(', ')}`;
}

function eventParams(events: readonly SessionEventRecord[]): unknown[] {
  return events.flatMap((e) => [
    e.id,
    e.type,
    e.tsClient,
    e.tsServer,
    e.lat,
    e.lng,
    e.accuracy,
    e.locationFlag,
    e.distanceMeters,
    e.clockSkewed,
    e.outsideWindow,
    e.receiptId,
    e.notes,
  ]);
}

const STREAM = 'attendance-session';

const SESSION_COLUMNS = `id, tenant_id, contact_id, meeting_id, status, dest_name, dest_address, dest_lat, dest_lng,
  session_notes, checked_in_at, checked_out_at, attended_seconds, created_at, version`;

function toSession(r: SessionRow): AttendanceSession {
  return AttendanceSession.rehydrate(r.id, r.version, {
    tenantId: r.tenant_id,
    contactId: r.contact_id,
    meetingId: r.meeting_id,
    status: r.status,
    destName: r.dest_name,
    destAddress: r.dest_address,
    destLat: r.dest_lat,
    destLng: r.dest_lng,
    sessionNotes: r.session_notes,
    checkedInAt: r.checked_in_at,
    checkedOutAt: r.checked_out_at,
    attendedSeconds: r.attended_seconds,
    createdAt: r.created_at,
  });
}

@Injectable()
export class SqlAttendanceSessionRepository extends AttendanceSessionRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  findById(tenantId: string, id: string): Promise<AttendanceSession | null> {
    // The ledger head is read after the row is locked, in the load's round trip: no one else
    // can append to the session's stream before this transaction ends, so the save sends its
    // state and its event in one round trip.
    return this.writer.loadForChange(STREAM, id, 1, async () => {
      const rows = (await this.db.manager.query(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, id],
      )) as SessionRow[];
      return rows[0] ? toSession(rows[0]) : null;
    });
  }

  findManyById(tenantId: string, ids: readonly string[]): Promise<AttendanceSession[]> {
    return this.writer.loadManyForChange(STREAM, ids, async () => {
      const rows = (await this.db.manager.query(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE tenant_id = $1 AND id = ANY($2::uuid[])
          ORDER BY id FOR UPDATE`,
        [tenantId, [...ids]],
      )) as SessionRow[];
      return rows.map(toSession);
    });
  }

  async save(session: AttendanceSession, by?: Partial<EventMetadata>): Promise<void> {
    const s = session.snapshot;
    const isComplete = s.status === 'completed';
    await this.writer.save(
      session,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew, guarded }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO sessions (id, tenant_id, contact_id, meeting_id, status, dest_name, dest_address, dest_lat, dest_lng,
             session_notes, is_complete, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)`,
            [
              session.id,
              s.tenantId,
              s.contactId,
              s.meetingId,
              s.status,
              s.destName,
              s.destAddress,
              s.destLat,
              s.destLng,
              s.sessionNotes,
              isComplete,
              s.createdAt,
              nextVersion,
            ],
          );
          if (session.newEvents.length > 0)
            await manager.query(`${INSERT_EVENTS} ${eventRows(3, session.newEvents.length)}`, [
              session.id,
              s.tenantId,
              ...eventParams(session.newEvents),
            ]);
          return true;
        }
        // The guarded update and the new events in one statement, which fails when the
        // session is no longer at the loaded version (the conflict): it goes ahead of the
        // COMMIT with the ledger append, so the check-in commits in one round trip.
        const events = session.newEvents;
        const update = `UPDATE sessions SET status = $4, is_complete = $5, checked_in_at = $6,
               checked_out_at = $7, attended_seconds = $8, version = $9
         WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`;
        await guarded(
          events.length === 0
            ? `WITH u AS (${update}) SELECT expect_written(count(*)) FROM u`
            : `WITH u AS (${update}), e AS (${INSERT_EVENTS} ${eventRows(10, events.length)})
               SELECT expect_written(count(*)) FROM u`,
          [
            session.id,
            s.tenantId,
            expectedVersion,
            s.status,
            isComplete,
            s.checkedInAt,
            s.checkedOutAt,
            s.attendedSeconds,
            nextVersion,
            ...eventParams(events),
          ],
        );
        return true;
      },
      by,
    );
  }
}
