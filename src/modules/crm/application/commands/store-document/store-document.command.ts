import type { Actor } from '@opsledger/persistence';
import type { DocumentType } from '../../../domain/events/re-document.events';

export class StoreDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly title: string,
    readonly type: DocumentType,
    readonly contentType: string,
    readonly bytes: Buffer,
    readonly propertyId: string | null,
    readonly dealId: string | null,
  ) {}
}
