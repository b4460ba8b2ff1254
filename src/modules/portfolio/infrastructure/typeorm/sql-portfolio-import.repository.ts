import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { ImportSource } from '../../domain/events/portfolio-import.events';
import { PortfolioImport } from '../../domain/portfolio-import.aggregate';
import { PortfolioImportRepository } from '../../domain/portfolio-import.repository';
import { PORTFOLIO_IMPORT_COLUMNS, PortfolioImportRow, stateOf } from './portfolio-import.sql';

@Injectable()
export class SqlPortfolioImportRepository extends PortfolioImportRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findUnfinished(source: ImportSource, fileSha256: string): Promise<PortfolioImport | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PORTFOLIO_IMPORT_COLUMNS} FROM portfolio_imports
        WHERE source = $1 AND file_sha256 = $2 AND status <> 'completed' FOR UPDATE`,
      [source, fileSha256],
    )) as PortfolioImportRow[];
    const r = rows[0];
    return r ? PortfolioImport.rehydrate(r.id, r.version, stateOf(r)) : null;
  }

  async save(run: PortfolioImport): Promise<void> {
    const s = run.snapshot;
    await this.writer.save(run, null, async ({ manager, expectedVersion, nextVersion, isNew }) => {
      const values = [
        run.id,
        s.status,
        s.totals.recordsRead,
        s.totals.inserted,
        s.totals.updated,
        s.totals.unchanged,
        s.totals.rejected,
        JSON.stringify(s.rejections),
        s.finishedAt,
        s.error,
        nextVersion,
      ];
      if (isNew) {
        await manager.query(
          `INSERT INTO portfolio_imports (id, status, records_read, inserted, updated, unchanged, rejected, rejections,
                  finished_at, error, version, source, file_name, file_sha256, started_by, started_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [...values, s.source, s.fileName, s.fileSha256, s.startedBy, s.startedAt],
        );
        return true;
      }
      const updated = (await manager.query(
        `UPDATE portfolio_imports SET status = $2, records_read = $3, inserted = $4, updated = $5, unchanged = $6,
                rejected = $7, rejections = $8, finished_at = $9, error = $10, version = $11
          WHERE id = $1 AND version = $12 RETURNING id`,
        [...values, expectedVersion],
      )) as [unknown[], number];
      return updated[1] === 1;
    });
  }
}
