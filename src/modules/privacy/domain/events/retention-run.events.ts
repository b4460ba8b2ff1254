import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

/**
 * A retention rule removed records: which rule, where, up to which instant, how many. Records
 * are counted, never named: nothing here is personal data.
 */
export class RetentionRuleAppliedEvent extends DomainEvent<{
  rule: string;
  store: string;
  location: string;
  action: 'deleted' | 'archived';
  cutoff: string;
  removed: number;
  startedAt: string;
  finishedAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'privacy.retention-run.rule-applied.v1';
}
