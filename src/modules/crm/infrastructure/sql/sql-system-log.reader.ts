import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { SystemLogFilter, SystemLogView } from '../../application/queries/crm.read-model';
import { SystemLogReader } from '../../application/queries/system-log.reader';

/**
 * `created_at > <cutoff>` with the cutoff as a value of the statement: PostgreSQL proves it
 * implies idx_system_logs_recent's literal predicate (a NOW() in the query could not be).
 */
export function systemLogQuery(filter: SystemLogFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.since.toISOString()];
  const where = ['created_at > $1::timestamptz'];
  if (filter.level) {
    params.push(filter.level);
    where.push(`level = $${params.length}`);
  }
  if (filter.source) {
    params.push(filter.source);
    where.push(`source = $${params.length}`);
  }
  params.push(filter.limit);
  return {
    sql: `SELECT id, level, source, message, details, created_at FROM system_logs
           WHERE ${where.join(' AND ')} ORDER BY created_at DESC, level LIMIT $${params.length}`,
    params,
  };
}

@Injectable()
export class SqlSystemLogReader extends SystemLogReader {
  constructor(private readonly db: Db) {
    super();
  }

  async list(filter: SystemLogFilter): Promise<SystemLogView[]> {
    const { sql, params } = systemLogQuery(filter);
    const rows = (await this.db.manager.query(sql, params)) as Array<{
      id: string;
      level: string;
      source: string;
      message: string;
      details: Record<string, unknown> | null;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      level: r.level,
      source: r.source,
      message: r.message,
      details: r.details,
      createdAt: r.created_at.toISOString(),
    }));
  }
}
