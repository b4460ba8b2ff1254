import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, InvalidCursorError } from '@opsledger/http';
import { Db, RequestContext } from '@opsledger/persistence';
import { PersonalDataReveal } from '@opsledger/personal-data';
import { AuditEntry } from '../../domain/audit-entry';
import {
  AuditTrailFilter,
  AuditTrailPage,
  AuditTrailPageRequest,
  AuditTrailReader,
} from '../../application/queries/audit-trail.reader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the `audit_trail` table in system scope: auditors see every tenant's trail, and the
 * table's row-level security would otherwise narrow them to their token's tenant. Pages are
 * keyset pages on the ledger position; every filter is a typed column with an index that
 * ends in `position`. Personal values are stored sealed, as the ledger holds them; they are
 * revealed here, or shown as `[erased]` once their person is erased.
 */
@Injectable()
export class SqlAuditTrailReader extends AuditTrailReader {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly personalData: PersonalDataReveal,
  ) {
    super();
  }

  find(filter: AuditTrailFilter, page: AuditTrailPageRequest): Promise<AuditTrailPage> {
    const anchor = anchorOf(page.cursor);
    return this.context.asSystem(() =>
      this.db.read(async () => {
        if (anchor) await this.checkAnchor(anchor);
        const query = auditTrailQuery(filter, page.order, page.limit + 1, anchor?.position);
        const rows = (await this.db.manager.query(query.sql, query.params)) as Array<{
          entry: AuditEntry;
        }>;
        const items = rows.slice(0, page.limit).map((r) => r.entry);
        const last = items[items.length - 1];
        return {
          items: await this.personalData.revealAll(items),
          nextCursor:
            rows.length > page.limit && last ? encodeCursor([last.position, last.eventId]) : null,
        };
      }),
    );
  }

  /** A cursor that names no entry of the trail (or another position) was not issued here. */
  private async checkAnchor(anchor: { position: number; eventId: string }): Promise<void> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM audit_trail WHERE position = $1 AND event_id = $2`,
      [anchor.position, anchor.eventId],
    )) as unknown[];
    if (rows.length === 0) throw new InvalidCursorError();
  }
}

function anchorOf(cursor: string | null | undefined): { position: number; eventId: string } | null {
  const value = decodeCursor(cursor, 2);
  if (!value) return null;
  const [position, eventId] = value;
  if (
    typeof position !== 'number' ||
    !Number.isSafeInteger(position) ||
    position < 1 ||
    typeof eventId !== 'string' ||
    !UUID.test(eventId)
  )
    throw new InvalidCursorError();
  return { position, eventId };
}

/**
 * The page's statement: the filters as equalities and ranges on typed columns, then keyset
 * order on `position`. Exported for the plan test, which proves each filter uses an index
 * with row-level security on.
 */
export function auditTrailQuery(
  filter: AuditTrailFilter,
  order: 'asc' | 'desc',
  limit: number,
  after?: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = conditionsOf(filter, params);
  if (after !== undefined) {
    params.push(after);
    where.push(`position ${order === 'asc' ? '>' : '<'} $${params.length}`);
  }
  params.push(limit);
  return {
    sql: `SELECT entry FROM audit_trail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY position ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
    params,
  };
}

function conditionsOf(filter: AuditTrailFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.actorId !== undefined) add((p) => `actor_id = ${p}`, filter.actorId);
  if (filter.resourceType !== undefined) add((p) => `resource_type = ${p}`, filter.resourceType);
  if (filter.resourceId !== undefined) add((p) => `resource_id = ${p}`, filter.resourceId);
  if (filter.resourceIds !== undefined)
    add((p) => `resource_id = ANY(${p}::varchar[])`, [...filter.resourceIds]);
  if (filter.action !== undefined) add((p) => `action = ${p}`, filter.action);
  if (filter.tenantId !== undefined) add((p) => `tenant_id = ${p}::uuid`, filter.tenantId);
  if (filter.result !== undefined) add((p) => `result = ${p}`, filter.result);
  if (filter.from) add((p) => `occurred_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `occurred_at <= ${p}`, filter.to);
  return where;
}
