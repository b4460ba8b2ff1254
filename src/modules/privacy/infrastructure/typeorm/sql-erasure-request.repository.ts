import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { ErasurePlan } from '../../domain/erasure-plan';
import { ErasureRequest } from '../../domain/erasure-request.aggregate';
import { ErasureRequestRepository } from '../../domain/erasure-request.repository';
import { ERASURE_REQUEST_COLUMNS, ErasureRequestRow } from './erasure-request.sql';

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

@Injectable()
export class SqlErasureRequestRepository extends ErasureRequestRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<ErasureRequest | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${ERASURE_REQUEST_COLUMNS} FROM erasure_requests WHERE id = $1 FOR UPDATE`,
      [id],
    )) as ErasureRequestRow[];
    const r = rows[0];
    if (!r) return null;
    return ErasureRequest.rehydrate(r.id, r.version, {
      userId: r.user_id,
      via: r.via,
      requestedBy: r.requested_by,
      status: r.status,
      notBefore: r.not_before,
      createdAt: r.created_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      cancelledAt: r.cancelled_at,
      plan: r.plan,
      steps: r.steps,
      certificate: r.certificate,
      signature: r.signature,
    });
  }

  async plansOfFailed(userId: string): Promise<ErasurePlan[]> {
    const rows = (await this.db.manager.query(
      `SELECT plan FROM erasure_requests WHERE user_id = $1 AND status = 'failed' AND plan IS NOT NULL ORDER BY created_at`,
      [userId],
    )) as Array<{ plan: ErasurePlan }>;
    return rows.map((r) => r.plan);
  }

  async save(request: ErasureRequest): Promise<void> {
    const s = request.snapshot;
    await this.writer.save(
      request,
      null,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO erasure_requests (id, user_id, via, requested_by, status, not_before, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              request.id,
              s.userId,
              s.via,
              s.requestedBy,
              s.status,
              s.notBefore,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE erasure_requests SET status = $3::varchar, started_at = $4, completed_at = $5, cancelled_at = $6, plan = $7,
                steps = $8, certificate = $9, signature = $10, version = $11,
                lease_until = CASE WHEN $3::varchar IN ('scheduled', 'running') THEN lease_until END
          WHERE id = $1 AND version = $2 RETURNING id`,
          [
            request.id,
            expectedVersion,
            s.status,
            s.startedAt,
            s.completedAt,
            s.cancelledAt,
            json(s.plan),
            JSON.stringify(s.steps),
            json(s.certificate),
            s.signature,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
