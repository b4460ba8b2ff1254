import type { ImportSource } from '../../domain/events/portfolio-import.events';
import type { ImportStatus, PortfolioImportState } from '../../domain/portfolio-import.aggregate';

export const PORTFOLIO_IMPORT_COLUMNS = `id, source, file_name, file_sha256, status, records_read, inserted, updated,
  unchanged, rejected, rejections, started_by, started_at, finished_at, error, version`;

export interface PortfolioImportRow {
  id: string;
  source: ImportSource;
  file_name: string;
  file_sha256: string;
  status: ImportStatus;
  records_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: string[];
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  version: number;
}

export function stateOf(r: PortfolioImportRow): PortfolioImportState {
  return {
    source: r.source,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    status: r.status,
    totals: {
      recordsRead: r.records_read,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      rejected: r.rejected,
    },
    rejections: r.rejections,
    startedBy: r.started_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
  };
}
