import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export type ImportSource = 'sam-extract' | 'sam-json' | 'usaspending-awards';

export interface ImportCounts {
  recordsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** An import of a file started (or resumed: the stream is the import). */
export class PortfolioImportStartedEvent extends DomainEvent<{
  source: ImportSource;
  fileName: string;
  fileSha256: string;
  status: 'running';
}> {
  /** The file's base name, as the operator gave it. */
  static readonly personalData = personalData<PortfolioImportStartedEvent>({
    fields: [],
    notPersonal: ['fileName'],
  });
  readonly type = 'portfolio.import.started.v1';
}

/**
 * One batch of records committed with its counts (the records themselves are in
 * `contractors`, reference data of businesses; what changed is the import's record).
 */
export class PortfolioImportBatchAppliedEvent extends DomainEvent<
  ImportCounts & { totals: ImportCounts }
> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.import.batch-applied.v1';
}

export class PortfolioImportCompletedEvent extends DomainEvent<{
  status: 'completed';
  totals: ImportCounts;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.import.completed.v1';
}

export class PortfolioImportFailedEvent extends DomainEvent<{ status: 'failed'; error: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.import.failed.v1';
}
