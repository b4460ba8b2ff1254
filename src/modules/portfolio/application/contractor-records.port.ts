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
 * Port: writes a batch of source records into `contractors` (raw, one row per source record)
 * and derives `contractor_profiles` from them, in the caller's transaction. A record equal to
 * the stored one changes nothing.
 */
export abstract class ContractorRecords {
  abstract applyEntities(
    source: Exclude<ImportSource, 'usaspending-awards'>,
    batch: readonly SourceRecord<SamEntity>[],
  ): Promise<ApplyCounts>;

  /** Stores awards and recomputes their recipients' contract aggregates as of `today`. */
  abstract applyAwards(
    batch: readonly SourceRecord<PrimeAward>[],
    today: string,
  ): Promise<ApplyCounts>;

  /**
   * Before an import's first batch: when the profile table is empty or nearly so, the indexes
   * that serve only search may be set aside for the load (the ones the writes need stay).
   */
  abstract prepareLoad(): Promise<void>;

  /**
   * After an import, finished or failed: the indexes set aside by this or an earlier
   * (crashed) import are built again. Harmless when none were.
   */
  abstract finishLoad(): Promise<void>;

  /** After an import changed records: fresh planner statistics, so search picks its indexes by the new data. */
  abstract refreshStatistics(): Promise<void>;
}
