import { Query } from '@nestjs/cqrs';
import { LedgerExportRecord } from './ledger-export.read-model';

/** The raw ledger and its seals as a stream of records; the whole ledger without a window. */
export class ExportLedgerQuery extends Query<AsyncIterable<LedgerExportRecord>> {
  constructor(
    readonly fromPosition: string | null,
    readonly toPosition: string | null,
  ) {
    super();
  }
}
