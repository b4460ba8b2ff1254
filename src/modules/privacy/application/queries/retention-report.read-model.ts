/** One pass of a rule that removed something. */
export interface RetentionRunView {
  id: string;
  cutoff: string;
  removed: number;
  startedAt: string;
  finishedAt: string;
}

/** What the runs of one rule removed so far. */
export interface RetentionRunTotals {
  runs: number;
  removed: number;
  lastRunAt: string | null;
}

/** One rule in the auditors' retention report: the policy, what is due now, what ran. */
export interface RetentionRuleReport {
  rule: string;
  store: string;
  location: string;
  action: string;
  policy: string;
  /** Records older than this are due. */
  cutoff: string;
  due: number;
  totals: RetentionRunTotals;
  /** The latest runs, newest first (at most 10). */
  recentRuns: RetentionRunView[];
}

export interface RetentionReport {
  generatedAt: string;
  rules: RetentionRuleReport[];
}
