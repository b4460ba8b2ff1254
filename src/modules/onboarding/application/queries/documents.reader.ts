import type { DocumentType } from '../../domain/events/contractor-document.events';
import type { DocumentPageView, DocumentView } from './documents.read-model';

/** Port: documents as their readers see them (with the object key only for downloads). */
export abstract class DocumentsReader {
  abstract list(
    tenantId: string,
    contractorId: string,
    opts: { type?: DocumentType; limit: number; cursor?: string },
  ): Promise<DocumentPageView>;

  abstract get(
    tenantId: string,
    contractorId: string,
    id: string,
  ): Promise<(DocumentView & { s3Key: string }) | null>;
}
