import { LeadDocumentType } from './events/lead-document.events';

export interface NewLeadDocument {
  id: string;
  tenantId: string;
  leadId: string;
  documentId: string;
  type: LeadDocumentType;
  title: string;
  fileUrl: string;
  fileSize: number | null;
}

/** Port: re_lead_documents, each change with its ledger event (stream `crm-lead-document`). */
export abstract class LeadDocumentRepository {
  abstract add(document: NewLeadDocument): Promise<void>;
  /** False when the lead has no such document. */
  abstract remove(tenantId: string, leadId: string, id: string): Promise<boolean>;
}
