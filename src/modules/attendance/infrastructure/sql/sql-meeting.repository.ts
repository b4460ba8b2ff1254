import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Meeting } from '../../domain/meeting.aggregate';
import { MeetingRepository } from '../../domain/meeting.repository';
import { MEETING_COLUMNS, MeetingRow } from './attendance-rows.sql';

const OF_SESSIONS = `SELECT ${MEETING_COLUMNS} FROM meetings
  WHERE tenant_id = $1 AND id IN (SELECT meeting_id FROM sessions
    WHERE tenant_id = $1 AND id IN (SELECT s::uuid FROM json_array_elements_text($2::json) AS s))`;

@Injectable()
export class SqlMeetingRepository extends MeetingRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string, lock = false): Promise<Meeting | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    )) as MeetingRow[];
    return rows[0] ? this.toMeeting(rows[0]) : null;
  }

  ofSessionsWithNext(
    tenantId: string,
    sessionIds: readonly string[],
  ): () => Promise<Map<string, Meeting>> {
    const read = this.db.alongsideNext<MeetingRow>(OF_SESSIONS, [
      tenantId,
      JSON.stringify(sessionIds),
    ]);
    return async () => new Map((await read.rows()).map((r) => [r.id, this.toMeeting(r)]));
  }

  private toMeeting(r: MeetingRow): Meeting {
    return Meeting.rehydrate(r.id, r.version, {
      tenantId: r.tenant_id,
      name: r.name,
      description: r.description,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      radiusMeters: r.radius_meters,
      startTime: r.start_time,
      endTime: r.end_time,
      isActive: r.is_active,
      qrCode: r.qr_code ?? '',
      createdBy: r.created_by,
      createdAt: r.created_at,
    });
  }

  async save(meeting: Meeting): Promise<void> {
    const s = meeting.snapshot;
    await this.writer.save(
      meeting,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO meetings (id, tenant_id, name, description, address, lat, lng, radius_meters, start_time, end_time,
             is_active, qr_code, created_by, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
            [
              meeting.id,
              s.tenantId,
              s.name,
              s.description,
              s.address,
              s.lat,
              s.lng,
              s.radiusMeters,
              s.startTime,
              s.endTime,
              s.isActive,
              s.qrCode,
              s.createdBy,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE meetings SET name = $4, description = $5, address = $6, lat = $7, lng = $8, radius_meters = $9,
             start_time = $10, end_time = $11, qr_code = $12, is_active = $13, version = $14
          WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            meeting.id,
            s.tenantId,
            expectedVersion,
            s.name,
            s.description,
            s.address,
            s.lat,
            s.lng,
            s.radiusMeters,
            s.startTime,
            s.endTime,
            s.qrCode,
            s.isActive,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
