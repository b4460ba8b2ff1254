import { ImportSource } from './events/portfolio-import.events';
import { PortfolioImport } from './portfolio-import.aggregate';

export abstract class PortfolioImportRepository {
  /** The unfinished (running or failed) import of this file, locked for the transaction. */
  abstract findUnfinished(
    source: ImportSource,
    fileSha256: string,
  ): Promise<PortfolioImport | null>;
  abstract save(run: PortfolioImport): Promise<void>;
}
