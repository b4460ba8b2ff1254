import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

/** Spec 002's lead_document_type: the papers an investor keeps about a lead (a seller). */
export const LEAD_DOCUMENT_TYPES = [
  'id',
  'tax_return',
  'bank_statement',
  'w9',
  'death_cert',
  'poa',
  'other',
] as const;
export type LeadDocumentType = (typeof LEAD_DOCUMENT_TYPES)[number];

/**
 * One of the investor's stored documents attached to a lead as one of the lead's papers. The
 * title may name the person ("Pat's W-9"): sealed under the lead's key, shredded with it.
 */
export class LeadDocumentAddedEvent extends DomainEvent<{
  leadId: string;
  documentId: string;
  type: LeadDocumentType;
  title: string;
  fileUrl: string;
  fileSize: number | null;
}> {
  static readonly personalData = personalData<LeadDocumentAddedEvent>({
    fields: ['title'],
    subject: 'leadId',
  });
  readonly type = 'crm.lead-document.added.v1';
}

/** The paper is no longer the lead's; the stored document itself stays. */
export class LeadDocumentRemovedEvent extends DomainEvent<{ leadId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.lead-document.removed.v1';
}
