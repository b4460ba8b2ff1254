import type { Actor } from '@opsledger/persistence';
import type { DocumentType } from '../../../domain/events/contractor-document.events';

/** One file for a contractor, streamed: `body` is read once, never held whole. */
export class UploadDocumentCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly fields: {
      type: DocumentType;
      insurancePolicyId: string | null;
      originalName: string;
    },
    readonly body: NodeJS.ReadableStream,
  ) {}
}
