import { RetentionRunTotals, RetentionRunView } from './retention-report.read-model';

/** The recorded runs of the retention rules. */
export abstract class RetentionReportReader {
  /** Totals per rule name (rules that never removed anything are absent). */
  abstract totals(): Promise<Map<string, RetentionRunTotals>>;
  /** The latest runs of one rule, newest first. */
  abstract recentRuns(rule: string, limit: number): Promise<RetentionRunView[]>;
}
