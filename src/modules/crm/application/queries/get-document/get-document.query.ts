import type { Actor } from '@opsledger/persistence';

export class GetDocumentQuery {
  constructor(
    readonly actor: Actor,
    readonly documentId: string,
  ) {}
}
