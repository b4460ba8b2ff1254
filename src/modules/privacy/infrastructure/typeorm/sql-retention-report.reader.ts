import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  RetentionRunTotals,
  RetentionRunView,
} from '../../application/queries/retention-report.read-model';
import { RetentionReportReader } from '../../application/queries/retention-report.reader';

@Injectable()
export class SqlRetentionReportReader extends RetentionReportReader {
  constructor(private readonly db: Db) {
    super();
  }

  async totals(): Promise<Map<string, RetentionRunTotals>> {
    const rows = (await this.db.manager.query(
      `SELECT rule, count(*)::int AS runs, sum(removed)::bigint AS removed, max(finished_at) AS last
         FROM retention_runs GROUP BY rule`,
    )) as Array<{ rule: string; runs: number; removed: string; last: Date }>;
    return new Map(
      rows.map((r) => [
        r.rule,
        { runs: r.runs, removed: Number(r.removed), lastRunAt: r.last.toISOString() },
      ]),
    );
  }

  async recentRuns(rule: string, limit: number): Promise<RetentionRunView[]> {
    const rows = (await this.db.manager.query(
      `SELECT id, cutoff, removed, started_at, finished_at FROM retention_runs
        WHERE rule = $1 ORDER BY finished_at DESC, id DESC LIMIT $2`,
      [rule, limit],
    )) as Array<{ id: string; cutoff: Date; removed: number; started_at: Date; finished_at: Date }>;
    return rows.map((r) => ({
      id: r.id,
      cutoff: r.cutoff.toISOString(),
      removed: r.removed,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at.toISOString(),
    }));
  }
}
