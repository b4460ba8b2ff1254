import { DocumentType } from './events/re-document.events';

export interface NewReDocument {
  id: string;
  userId: string;
  tenantId: string;
  title: string;
  type: DocumentType;
  propertyId: string | null;
  dealId: string | null;
  fileUrl: string;
  fileSize: number;
  contentType: string;
  sha256: string;
}

/** Port: re_documents and their property links, each change with its ledger event. */
export abstract class ReDocumentRepository {
  abstract add(document: NewReDocument): Promise<void>;
  /** The owner of a document the caller can see, or null. */
  abstract ownerOf(tenantId: string, id: string): Promise<string | null>;
  /** Who owns a document the caller can see and the deal it is attached to, or null. */
  abstract findOwnership(
    tenantId: string,
    id: string,
  ): Promise<{ userId: string; dealId: string | null } | null>;
  /** A second primary for the document is a 409 (uq_property_documents_primary). */
  abstract link(
    tenantId: string,
    documentId: string,
    propertyId: string,
    isPrimary: boolean,
  ): Promise<void>;
}
