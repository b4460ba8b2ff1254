import type { Actor } from '@opsledger/persistence';
import type { DocumentType } from '../../../domain/events/re-document.events';

export class StoreDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly title: string,
    readonly type: DocumentType,
    /** The file part of the form, streamed (never buffered here). */
    readonly body: NodeJS.ReadableStream,
    readonly propertyId: string | null,
    readonly dealId: string | null,
  ) {}
}
