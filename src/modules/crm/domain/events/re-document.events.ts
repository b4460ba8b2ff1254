import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

export const DOCUMENT_TYPES = [
  'inspection',
  'appraisal',
  'title_search',
  'survey',
  'photo',
  'comp',
  'offer',
  'counter_offer',
  'purchase_agreement',
  'addendum',
  'closing_statement',
  'hud1',
  'deed',
  'contract',
  'receipt',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * A document's file went to object storage and its record to re_documents. The title and
 * type describe the paper (an inspection report), not a person; the bytes stay in storage.
 */
export class ReDocumentUploadedEvent extends DomainEvent<{
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
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.document.uploaded.v1';
}

/** One document linked to several properties (a package deal), one of them its primary. */
export class ReDocumentLinkedEvent extends DomainEvent<{ propertyId: string; isPrimary: boolean }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.document.linked.v1';
}
