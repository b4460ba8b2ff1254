import type { Actor } from '@opsledger/persistence';
import type { LeadDocumentType } from '../../../domain/events/lead-document.events';

export class AddLeadDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
    readonly documentId: string,
    readonly type: LeadDocumentType,
    /** Defaults to the document's own title. */
    readonly title: string | null,
  ) {}
}
