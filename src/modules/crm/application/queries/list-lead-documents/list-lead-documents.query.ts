import type { Actor } from '@opsledger/persistence';

export class ListLeadDocumentsQuery {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
  ) {}
}
