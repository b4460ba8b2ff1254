import type { Actor } from '@opsledger/persistence';
import type { DocumentType } from '../../../domain/events/contractor-document.events';

export class ListDocumentsQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly page: { type?: DocumentType; limit: number; cursor?: string },
  ) {}
}
