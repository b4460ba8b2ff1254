import type { Actor } from '@opsledger/persistence';

export class LinkDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly documentId: string,
    readonly propertyId: string,
    readonly isPrimary: boolean,
  ) {}
}
