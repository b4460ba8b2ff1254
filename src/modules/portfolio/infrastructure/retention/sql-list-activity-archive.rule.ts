import { Injectable } from '@nestjs/common';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { before, RetentionRule } from '@opsledger/personal-data';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';

/** Months of list activity kept in the database (spec 001: archived after a year). */
export const ACTIVITY_KEPT_MONTHS = 12;
export const ACTIVITY_ARCHIVE_PREFIX = 'archives/contractor-list-activity/';
const MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Spec 001's "activity logs archived after a year": a monthly partition of
 * `contractor_list_activity` whose month ended more than a year ago is exported to object
 * storage as gzip-compressed NDJSON (one activity per line), then detached and dropped. A batch
 * is one whole partition; the export is written before the partition goes, and writing it again
 * after a crash replaces it with the same rows.
 */
@Injectable()
export class SqlListActivityArchiveRule extends RetentionRule {
  readonly name = 'portfolio.list-activity';
  readonly store = 'postgresql' as const;
  readonly location = 'contractor_list_activity';
  override readonly action = 'archived' as const;

  constructor(
    private readonly db: Db,
    private readonly objects: ObjectStorage,
  ) {
    super();
  }

  get policy(): string {
    return `list activity: monthly partitions archived to object storage (${ACTIVITY_ARCHIVE_PREFIX}, gzip NDJSON) and dropped ${ACTIVITY_KEPT_MONTHS} months after their month`;
  }

  /** The first day of the oldest month still kept. */
  cutoff(now: Date): Date {
    const at = before.months(now, ACTIVITY_KEPT_MONTHS);
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  }

  private async duePartitions(cutoff: Date): Promise<Array<{ name: string; month: string }>> {
    const rows = (await this.db.manager.query(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'contractor_list_activity' AND c.relname ~ '^contractor_list_activity_[0-9]{4}_[0-9]{2}$'
        ORDER BY c.relname`,
    )) as Array<{ name: string }>;
    return rows
      .map((r) => ({ name: r.name, month: r.name.slice(-7).replace('_', '-') }))
      .filter((p) => new Date(`${p.month}-01T00:00:00Z`) < cutoff);
  }

  async countDue(cutoff: Date): Promise<number> {
    if ((await this.duePartitions(cutoff)).length === 0) return 0;
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS n FROM contractor_list_activity WHERE created_at < $1`,
      [cutoff.toISOString().replace('Z', '')],
    )) as Array<{ n: number }>;
    return rows[0].n;
  }

  async removeDue(cutoff: Date): Promise<number> {
    const [partition] = await this.duePartitions(cutoff);
    if (!partition) return 0;
    const from = `${partition.month}-01`;
    const rows = (await this.db.manager.query(
      `SELECT id, tenant_id, list_id, user_id, action, item_id, metadata, created_at
         FROM contractor_list_activity
        WHERE created_at >= $1::date AND created_at < ($1::date + interval '1 month')
        ORDER BY created_at, id`,
      [from],
    )) as Array<Record<string, unknown>>;
    const body = new PassThrough();
    const gzip = createGzip();
    gzip.pipe(body);
    const upload = this.objects.put(
      `${ACTIVITY_ARCHIVE_PREFIX}${partition.month}.ndjson.gz`,
      body,
      {
        contentType: 'application/gzip',
        maxBytes: MAX_ARCHIVE_BYTES,
      },
    );
    for (const row of rows) {
      if (!gzip.write(`${JSON.stringify(row)}\n`)) await new Promise((r) => gzip.once('drain', r));
    }
    gzip.end();
    await upload;
    await this.db.manager.query(`SELECT portfolio_detach_activity_partition($1)`, [partition.name]);
    // a partition with no rows still goes: it counts as one archived month
    return Math.max(rows.length, 1);
  }
}
