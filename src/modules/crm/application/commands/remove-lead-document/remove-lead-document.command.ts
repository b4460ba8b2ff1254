import type { Actor } from '@opsledger/persistence';

export class RemoveLeadDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
    readonly leadDocumentId: string,
  ) {}
}
