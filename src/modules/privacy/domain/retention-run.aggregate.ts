import { AggregateRoot } from '@opsledger/ddd';
import { RetentionRuleAppliedEvent } from './events/retention-run.events';

export interface RetentionRunState {
  rule: string;
  store: string;
  location: string;
  action: 'deleted' | 'archived';
  cutoff: Date;
  removed: number;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * One pass of one retention rule that removed something: the record auditors see in the
 * retention report and in the ledger. A pass that found nothing due leaves no run.
 */
export class RetentionRun extends AggregateRoot {
  readonly streamType = 'retention-run';

  private constructor(
    id: string,
    version: number,
    private readonly state: RetentionRunState,
  ) {
    super(id, version);
  }

  static finished(id: string, state: RetentionRunState): RetentionRun {
    if (!Number.isInteger(state.removed) || state.removed < 1)
      throw new RangeError('a retention run removes at least one record');
    const run = new RetentionRun(id, 0, { ...state });
    run.record(
      new RetentionRuleAppliedEvent(id, {
        rule: state.rule,
        store: state.store,
        location: state.location,
        action: state.action,
        cutoff: state.cutoff.toISOString(),
        removed: state.removed,
        startedAt: state.startedAt.toISOString(),
        finishedAt: state.finishedAt.toISOString(),
      }),
    );
    return run;
  }

  get snapshot(): Readonly<RetentionRunState> {
    return this.state;
  }
}
