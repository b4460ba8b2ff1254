import { RetentionRun } from './retention-run.aggregate';

export abstract class RetentionRunRepository {
  /** Stores the run and appends its event to the ledger in the caller's transaction. */
  abstract add(run: RetentionRun): Promise<void>;
}
