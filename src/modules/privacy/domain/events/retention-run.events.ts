import { DomainEvent, personalData } from '@opsledger/ddd';

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
  /** `location` is a table or collection name. */
  static readonly personalData = personalData<RetentionRuleAppliedEvent>({
    fields: [],
    notPersonal: ['location'],
  });
  readonly type = 'privacy.retention-run.rule-applied.v1';
}
