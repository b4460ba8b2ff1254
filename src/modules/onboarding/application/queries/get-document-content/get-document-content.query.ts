import type { Actor } from '@opsledger/persistence';

/** The bytes of a document, or the one `Range` the client asked for. */
export class GetDocumentContentQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly documentId: string,
    readonly rangeHeader: string | undefined,
  ) {}
}
