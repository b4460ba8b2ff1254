import { Injectable } from '@nestjs/common';
import { Actor, Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { PrimeAward, SamEntity } from '../domain/contractor-record';
import { ImportCounts, ImportSource } from '../domain/events/portfolio-import.events';
import { PortfolioImport } from '../domain/portfolio-import.aggregate';
import { PortfolioImportRepository } from '../domain/portfolio-import.repository';
import { ContractorRecords, SourceRecord } from './contractor-records.port';
import { ImportRecordsParser } from './import-records.port';

/** Records per transaction: large enough for set-based writes, small enough to resume cheaply. */
export const IMPORT_BATCH_SIZE = 5000;

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
    // The batch being written while the next one is read: parsing and the database work side
    // by side. Batches still commit one after the other, in file order, so the progress a
    // crash leaves behind covers exactly the batches committed.
    let writing: Promise<void> = Promise.resolve();
    const write = async (batch: {
      read: number;
      ok: SourceRecord<unknown>[];
      reasons: string[];
    }) => {
      await asImporter(async () => {
        const counts =
          file.source === 'usaspending-awards'
            ? await this.records.applyAwards(batch.ok as SourceRecord<PrimeAward>[], today)
            : await this.records.applyEntities(file.source, batch.ok as SourceRecord<SamEntity>[]);
        run.applyBatch(
          { recordsRead: batch.read, rejected: batch.reasons.length, ...counts },
          batch.reasons,
        );
        await this.imports.save(run);
      });
      onProgress(run.snapshot.totals);
    };
    const flush = async () => {
      await writing;
      if (read === 0) return;
      const batch = { read, ok, reasons };
      read = 0;
      ok = [];
      reasons = [];
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
      // run to resume, and the resumed run builds them
      await asImporter(() => this.records.finishLoad());
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
