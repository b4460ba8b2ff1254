import { Query } from '@nestjs/cqrs';
import { RetentionReport } from '../retention-report.read-model';

/** The retention report at `now` (auditors and admins; the route checks the role). */
export class GetRetentionReportQuery extends Query<RetentionReport> {
  constructor(readonly now: Date = new Date()) {
    super();
  }
}
