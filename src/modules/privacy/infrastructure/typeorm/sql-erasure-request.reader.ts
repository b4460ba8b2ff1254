import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ErasureRequestView } from '../../application/queries/erasure-request.read-model';
import { ErasureRequestReader } from '../../application/queries/erasure-request.reader';
import { ERASURE_REQUEST_COLUMNS, ErasureRequestRow } from './erasure-request.sql';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: ErasureRequestRow): ErasureRequestView {
  return {
    id: r.id,
    userId: r.user_id,
    via: r.via,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.created_at).toISOString(),
    notBefore: new Date(r.not_before).toISOString(),
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    cancelledAt: iso(r.cancelled_at),
    attempts: r.attempts,
    plan: r.plan,
    steps: r.steps,
    certificate: r.certificate,
    signature: r.signature,
    version: r.version,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads under the caller's row-level scope: admins see every request, users their own. */
@Injectable()
export class SqlErasureRequestReader extends ErasureRequestReader {
  constructor(private readonly db: Db) {
    super();
  }

  async findById(id: string): Promise<ErasureRequestView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${ERASURE_REQUEST_COLUMNS} FROM erasure_requests WHERE id = $1`,
      [id],
    )) as ErasureRequestRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async latestOf(userId: string): Promise<ErasureRequestView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${ERASURE_REQUEST_COLUMNS} FROM erasure_requests WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [userId],
    )) as ErasureRequestRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async hasOpen(userId: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM erasure_requests WHERE user_id = $1 AND status IN ('scheduled', 'running')`,
      [userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async list(limit: number, cursor: string | null): Promise<Page<ErasureRequestView>> {
    const after = decodeCursor(cursor, 2);
    if (
      after &&
      (typeof after[0] !== 'string' || typeof after[1] !== 'string' || !UUID.test(after[1]))
    )
      throw new InvalidCursorError();
    const rows = (await this.db.manager.query(
      `SELECT ${ERASURE_REQUEST_COLUMNS}, created_at::text AS created_key FROM erasure_requests
        WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<ErasureRequestRow & { created_key: string }>;
    return toPage(rows, limit, toView, (r) => [r.created_key, r.id]);
  }
}
