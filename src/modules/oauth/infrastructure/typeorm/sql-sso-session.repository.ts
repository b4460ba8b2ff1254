import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { SsoSession } from '../../domain/sso-session.aggregate';
import { SsoSessionRepository } from '../../domain/sso-session.repository';

interface SessionRow {
  id: string;
  user_id: string;
  auth_time: Date;
  ip_address: string | null;
  user_agent: string | null;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  version: number;
}

@Injectable()
export class SqlSsoSessionRepository extends SsoSessionRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<SsoSession | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, auth_time, host(ip_address) AS ip_address, user_agent, expires_at, ended_at, end_reason, version
         FROM oauth_sessions WHERE id = $1`,
      [id],
    )) as SessionRow[];
    const r = rows[0];
    return r
      ? SsoSession.rehydrate(r.id, r.version, {
          userId: r.user_id,
          authTime: r.auth_time,
          ipAddress: r.ip_address,
          userAgent: r.user_agent,
          expiresAt: r.expires_at,
          endedAt: r.ended_at,
          endReason: r.end_reason,
        })
      : null;
  }

  async save(session: SsoSession): Promise<void> {
    const s = session.snapshot;
    await this.writer.save(
      session,
      null,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO oauth_sessions (id, user_id, auth_time, ip_address, user_agent, expires_at, ended_at, end_reason, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $3, $9)`,
            [
              session.id,
              s.userId,
              s.authTime,
              s.ipAddress,
              s.userAgent,
              s.expiresAt,
              s.endedAt,
              s.endReason,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE oauth_sessions SET ended_at = $3, end_reason = $4, version = $5 WHERE id = $1 AND version = $2 RETURNING id`,
          [session.id, expectedVersion, s.endedAt, s.endReason, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
