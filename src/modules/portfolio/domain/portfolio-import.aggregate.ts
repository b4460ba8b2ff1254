import { AggregateRoot, StateMachine } from '@opsledger/ddd';
import {
  ImportCounts,
  ImportSource,
  PortfolioImportBatchAppliedEvent,
  PortfolioImportCompletedEvent,
  PortfolioImportFailedEvent,
  PortfolioImportStartedEvent,
} from './events/portfolio-import.events';

export type ImportStatus = 'running' | 'completed' | 'failed';
type ImportAction = 'apply' | 'complete' | 'fail' | 'resume';

export const IMPORT_LIFECYCLE = new StateMachine<ImportStatus, ImportAction>('import', {
  running: { apply: 'running', complete: 'completed', fail: 'failed' },
  failed: { resume: 'running' },
  completed: {},
});

/** Reasons kept for the report: the first ones are enough to fix a file. */
export const MAX_REJECTIONS_KEPT = 100;

export interface PortfolioImportState {
  source: ImportSource;
  fileName: string;
  fileSha256: string;
  status: ImportStatus;
  totals: ImportCounts;
  rejections: string[];
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

const ZERO: ImportCounts = { recordsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };

/**
 * One import of one file: its progress is committed batch by batch with the records, so a
 * crash resumes after the last committed batch (`recordsRead` records are skipped), and
 * importing the same file again finds nothing to change.
 */
export class PortfolioImport extends AggregateRoot {
  readonly streamType = 'portfolio-import';

  private constructor(
    id: string,
    version: number,
    private state: PortfolioImportState,
  ) {
    super(id, version);
  }

  static start(props: {
    id: string;
    source: ImportSource;
    fileName: string;
    fileSha256: string;
    startedBy: string | null;
    now?: Date;
  }): PortfolioImport {
    const run = new PortfolioImport(props.id, 0, {
      source: props.source,
      fileName: props.fileName,
      fileSha256: props.fileSha256,
      status: 'running',
      totals: { ...ZERO },
      rejections: [],
      startedBy: props.startedBy,
      startedAt: props.now ?? new Date(),
      finishedAt: null,
      error: null,
    });
    run.record(
      new PortfolioImportStartedEvent(props.id, {
        source: props.source,
        fileName: props.fileName,
        fileSha256: props.fileSha256,
        status: 'running',
      }),
    );
    return run;
  }

  static rehydrate(id: string, version: number, state: PortfolioImportState): PortfolioImport {
    return new PortfolioImport(id, version, { ...state, rejections: [...state.rejections] });
  }

  get snapshot(): Readonly<PortfolioImportState> {
    return this.state;
  }

  /** A failed import of the same file goes on where it stopped. */
  resume(): void {
    IMPORT_LIFECYCLE.next(this.state.status, 'resume');
    this.state = { ...this.state, status: 'running', error: null, finishedAt: null };
    this.record(
      new PortfolioImportStartedEvent(this.id, {
        source: this.state.source,
        fileName: this.state.fileName,
        fileSha256: this.state.fileSha256,
        status: 'running',
      }),
    );
  }

  applyBatch(counts: ImportCounts, rejections: readonly string[]): void {
    IMPORT_LIFECYCLE.next(this.state.status, 'apply');
    const t = this.state.totals;
    const totals: ImportCounts = {
      recordsRead: t.recordsRead + counts.recordsRead,
      inserted: t.inserted + counts.inserted,
      updated: t.updated + counts.updated,
      unchanged: t.unchanged + counts.unchanged,
      rejected: t.rejected + counts.rejected,
    };
    const room = MAX_REJECTIONS_KEPT - this.state.rejections.length;
    this.state = {
      ...this.state,
      totals,
      rejections: [...this.state.rejections, ...rejections.slice(0, Math.max(0, room))],
    };
    this.record(new PortfolioImportBatchAppliedEvent(this.id, { ...counts, totals }));
  }

  complete(now = new Date()): void {
    IMPORT_LIFECYCLE.next(this.state.status, 'complete');
    this.state = { ...this.state, status: 'completed', finishedAt: now };
    this.record(
      new PortfolioImportCompletedEvent(
        this.id,
        { status: 'completed', totals: this.state.totals },
        { status: 'running' },
      ),
    );
  }

  fail(error: string, now = new Date()): void {
    IMPORT_LIFECYCLE.next(this.state.status, 'fail');
    this.state = { ...this.state, status: 'failed', finishedAt: now, error: error.slice(0, 500) };
    this.record(
      new PortfolioImportFailedEvent(
        this.id,
        { status: 'failed', error: this.state.error! },
        { status: 'running' },
      ),
    );
  }
}
