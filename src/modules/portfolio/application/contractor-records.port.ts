import { ImportSource } from '../domain/events/portfolio-import.events';
import { PrimeAward, SamEntity } from '../domain/contractor-record';

export interface SourceRecord<T> {
  sourceId: string;
  record: T;
  raw: object;
}

export interface ApplyCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * A batch made ready for the database (its statement's parameters), with no connection and
 * nothing written yet: the importer prepares the next batch while the one before is written.
 */
export interface PreparedBatch {
  /** Distinct source records in the batch. */
  readonly size: number;
}

/**
 * Port: writes a batch of source records into `contractors` (raw, one row per source record)
 * and derives `contractor_profiles` from them, in the caller's transaction. A record equal to
 * the stored one changes nothing. Awards also recompute their recipients' contract aggregates
 * as of `today`.
 */
export abstract class ContractorRecords {
  /** Pure work on the batch (no database): safe to run while another batch is being applied. */
  abstract prepareEntities(
    source: Exclude<ImportSource, 'usaspending-awards'>,
    batch: readonly SourceRecord<SamEntity>[],
  ): PreparedBatch;

  abstract prepareAwards(batch: readonly SourceRecord<PrimeAward>[], today: string): PreparedBatch;

  /** Writes a prepared batch in the caller's transaction. */
  abstract apply(batch: PreparedBatch): Promise<ApplyCounts>;

  /**
   * Before an import's first batch: when the profile table is empty or nearly so, the indexes
   * that serve only search may be set aside for the load (the ones the writes need stay).
   */
  abstract prepareLoad(): Promise<void>;

  /**
   * After an import, finished or failed: the indexes set aside by this or an earlier
   * (crashed) import are built again. Harmless when none were. Several units of work may run
   * it side by side: each builds indexes none of the others is building, and every index is
   * built once all of them have committed.
   */
  abstract finishLoad(): Promise<void>;

  /** After an import changed records: fresh planner statistics, so search picks its indexes by the new data. */
  abstract refreshStatistics(): Promise<void>;
}
