import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { RetentionRules } from '../../retention-rules';
import { RetentionReport } from '../retention-report.read-model';
import { RetentionReportReader } from '../retention-report.reader';
import { GetRetentionReportQuery } from './get-retention-report.query';

const RECENT_RUNS = 10;

/**
 * Per rule: its policy, what is due now and what its runs removed. Counted across tenants in
 * system scope: the report is about the whole installation and names no record.
 */
@QueryHandler(GetRetentionReportQuery)
export class GetRetentionReportHandler implements IQueryHandler<GetRetentionReportQuery> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly rules: RetentionRules,
    private readonly reader: RetentionReportReader,
  ) {}

  execute({ now }: GetRetentionReportQuery): Promise<RetentionReport> {
    return this.context.asSystem(() =>
      this.db.read(async () => {
        const totals = await this.reader.totals();
        const rules = [];
        for (const rule of this.rules.all()) {
          const cutoff = rule.cutoff(now);
          rules.push({
            rule: rule.name,
            store: rule.store,
            location: rule.location,
            action: rule.action,
            policy: rule.policy,
            cutoff: cutoff.toISOString(),
            due: await rule.countDue(cutoff),
            totals: totals.get(rule.name) ?? { runs: 0, removed: 0, lastRunAt: null },
            recentRuns: await this.reader.recentRuns(rule.name, RECENT_RUNS),
          });
        }
        return { generatedAt: now.toISOString(), rules };
      }),
    );
  }
}
