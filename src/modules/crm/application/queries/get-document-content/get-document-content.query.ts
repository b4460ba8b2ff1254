import type { Actor } from '@opsledger/persistence';

export class GetDocumentContentQuery {
  constructor(
    readonly actor: Actor,
    readonly documentId: string,
    /** The request's `Range` header, if any. */
    readonly rangeHeader: string | undefined,
  ) {}
}
