import { Injectable } from '@nestjs/common';
import { Actor, Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { PrimeAward, SamEntity } from '../domain/contractor-record';
import { ImportCounts, ImportSource } from '../domain/events/portfolio-import.events';
import { PortfolioImport } from '../domain/portfolio-import.aggregate';
import { PortfolioImportRepository } from '../domain/portfolio-import.repository';
import { ContractorRecords, PreparedBatch, SourceRecord } from './contractor-records.port';
import { ImportRecordsParser } from './import-records.port';

/** Records per transaction: large enough for set-based writes, small enough to resume cheaply. */
export const IMPORT_BATCH_SIZE = 5000;

/**
 * Transactions building the indexes a bulk load set aside, side by side: PostgreSQL builds a
 * GIN index (and sorts for a small btree) in one process, so two use both cores of a small
 * machine. More would compete for the same cores and memory.
 */
export const INDEX_BUILDERS = 2;

export interface ImportFile {
  source: ImportSource;
  /** The file's name as shown in the report (no directory). */
  fileName: string;
  fileSha256: string;
  /** Opens the file from its start; called once per run. */
  open(): Readable;
}

export interface ImportOutcome {
  importId: string;
  status: 'completed';
  /** Records skipped because a previous run of this file had committed them. */
  resumedAfter: number;
  totals: ImportCounts;
  rejections: readonly string[];
}

/**
 * Imports one file into `contractors` and `contractor_profiles`: streamed (one batch in memory),
 * each batch committed with the import's progress and its ledger event, so a crash resumes
 * after the last committed batch, and importing the same file again changes nothing.
 */
@Injectable()
export class ContractorImporter {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly imports: PortfolioImportRepository,
    private readonly records: ContractorRecords,
    private readonly parser: ImportRecordsParser,
  ) {}

  async run(
    file: ImportFile,
    actor: Actor,
    onProgress: (totals: ImportCounts) => void = () => undefined,
  ): Promise<ImportOutcome> {
    const asImporter = <T>(fn: () => Promise<T>) =>
      this.context.run(actor, () => this.context.asSystem(() => this.db.transaction(fn)));
    const run = await asImporter(async () => {
      const existing = await this.imports.findUnfinished(file.source, file.fileSha256);
      if (existing) {
        if (existing.snapshot.status === 'failed') existing.resume();
        await this.imports.save(existing);
        return existing;
      }
      const started = PortfolioImport.start({
        id: randomUUID(),
        source: file.source,
        fileName: file.fileName,
        fileSha256: file.fileSha256,
        startedBy: actor.id,
      });
      await this.imports.save(started);
      return started;
    });
    await asImporter(() => this.records.prepareLoad());
    const skip = run.snapshot.totals.recordsRead;
    const today = new Date().toISOString().slice(0, 10);

    let seen = 0;
    let read = 0;
    let ok: SourceRecord<unknown>[] = [];
    let reasons: string[] = [];
    // The batch being written while the next one is read and made ready (its statement's
    // parameters): parsing, preparing and the database work side by side, and the database
    // gets the next batch as soon as the last one commits. Batches still commit one after the
    // other, in file order, so the progress a crash leaves behind covers exactly the batches
    // committed.
    let writing: Promise<void> = Promise.resolve();
    const write = async (batch: { read: number; prepared: PreparedBatch; reasons: string[] }) => {
      await asImporter(async () => {
        const counts = await this.records.apply(batch.prepared);
        run.applyBatch(
          { recordsRead: batch.read, rejected: batch.reasons.length, ...counts },
          batch.reasons,
        );
        await this.imports.save(run);
      });
      onProgress(run.snapshot.totals);
    };
    const prepare = (records: SourceRecord<unknown>[]) =>
      file.source === 'usaspending-awards'
        ? this.records.prepareAwards(records as SourceRecord<PrimeAward>[], today)
        : this.records.prepareEntities(file.source, records as SourceRecord<SamEntity>[]);
    const flush = async () => {
      if (read === 0) return writing;
      const batch = { read, prepared: prepare(ok), reasons };
      read = 0;
      ok = [];
      reasons = [];
      await writing;
      writing = write(batch);
      // a failure surfaces at the next flush (or the last one); until then it is not unhandled
      writing.catch(() => undefined);
    };
    try {
      for await (const parsed of this.parser.read(file.source, file.open())) {
        if (++seen <= skip) continue;
        read++;
        if (parsed.ok) ok.push(parsed);
        else reasons.push(parsed.reason);
        if (read >= IMPORT_BATCH_SIZE) await flush();
      }
      await flush();
      await writing;
      // before the run is marked completed: a crash while the indexes are built leaves the
      // run to resume, and the resumed run builds them; every builder ends before the outcome
      // (an index a failed builder held stays listed for the others or the next import)
      const builds = await Promise.allSettled(
        Array.from({ length: INDEX_BUILDERS }, () => asImporter(() => this.records.finishLoad())),
      );
      for (const build of builds) if (build.status === 'rejected') throw build.reason;
      await asImporter(async () => {
        run.complete();
        await this.imports.save(run);
      });
      if (run.snapshot.totals.inserted + run.snapshot.totals.updated > 0)
        await asImporter(() => this.records.refreshStatistics());
    } catch (error) {
      await writing.catch(() => undefined);
      // search gets its indexes back even when the import stops here; should this fail too
      // (the database gone), the next import to finish builds them
      await asImporter(() => this.records.finishLoad()).catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      await asImporter(async () => {
        const current = await this.imports.findUnfinished(file.source, file.fileSha256);
        if (current?.snapshot.status === 'running') {
          current.fail(message);
          await this.imports.save(current);
        }
      });
      throw error;
    }
    return {
      importId: run.id,
      status: 'completed',
      resumedAfter: skip,
      totals: run.snapshot.totals,
      rejections: run.snapshot.rejections,
    };
  }
}
