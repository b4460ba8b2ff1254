import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';

/** The list's items as CSV (RFC 4180), one line per contractor. */
export class ExportContractorListQuery extends Query<{ fileName: string; csv: string }> {
  constructor(
    readonly actor: Actor | null,
    readonly listId: string,
  ) {
    super();
  }
}
