import type { LeadStatus, OptStatus } from '../../domain/events/lead.events';

export interface LeadView {
  id: string;
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: LeadStatus;
  score: number | null;
  tags: string[];
  optStatus: OptStatus | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface LeadSearch {
  /** Part of the name, email or phone (case-insensitive). */
  q?: string;
  tag?: string;
  status?: LeadStatus;
  limit: number;
  cursor?: string;
}

export interface PropertyView {
  id: string;
  userId: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  zip: string;
  bedrooms: number | null;
  bathrooms: number | null;
  squareFeet: number | null;
  lotSize: number | null;
  yearBuilt: number | null;
  purchasePrice: string | null;
  arv: string | null;
  status: string;
  propertyType: string | null;
  mlsId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A comparable property: same zip, similar size, with its price per square foot when priced. */
export interface CompView {
  id: string;
  addressLine1: string;
  zip: string;
  squareFeet: number;
  purchasePrice: string | null;
  pricePerSqft: string | null;
}

export interface CompSearch {
  /** How far the size may differ, in percent of the subject's square feet. */
  sizeTolerancePct: number;
  limit: number;
}

export interface DealView {
  id: string;
  userId: string;
  leadId: string | null;
  propertyId: string | null;
  status: string;
  stage: string;
  title: string;
  estimatedValue: string | null;
  probability: number | null;
  expectedCloseDate: string | null;
  nextAction: string | null;
  nextActionDue: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DealFilter {
  status?: string;
  stage?: string;
  limit: number;
  cursor?: string;
}

/** One column of the pipeline board: active deals in a stage. */
export interface PipelineStageView {
  stage: string;
  count: number;
  /** Sum of estimated values (deals without one count as 0). */
  totalValue: string;
  /** Sum of estimated value × probability / 100 (no probability counts as 0). */
  weightedValue: string;
}

export interface DealEventView {
  id: string;
  eventType: string;
  description: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  createdBy: string | null;
}

export interface AiJobView {
  id: string;
  userId: string | null;
  dealId: string | null;
  jobType: string;
  status: string;
  inputData: Record<string, unknown>;
  outputData: Record<string, unknown> | null;
  errorMessage: string | null;
  attempts: number;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface SystemLogView {
  id: string;
  level: string;
  source: string;
  message: string;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export interface SystemLogFilter {
  level?: string;
  source?: string;
  /** Entries after this instant; the last 7 days by default (the "recent" index). */
  since: Date;
  limit: number;
}

/** One of a lead's papers (re_lead_documents). */
export interface LeadDocumentView {
  id: string;
  leadId: string;
  /** The stored document it points at (download it there); null if that is gone. */
  documentId: string | null;
  title: string;
  type: string;
  fileSize: number | null;
  createdAt: string;
}

/** Where a document's bytes are: for downloads and analysis, never shown as such. */
export interface DocumentFile {
  id: string;
  title: string;
  /** The object storage key. */
  fileUrl: string;
  contentType: string | null;
  fileSize: number | null;
  dealId: string | null;
}

export interface DocumentView {
  id: string;
  userId: string;
  title: string;
  type: string;
  propertyId: string | null;
  dealId: string | null;
  fileSize: number | null;
  contentType: string | null;
  sha256: string | null;
  createdAt: string;
  /** The properties it is linked to (package deals), its primary one flagged. */
  properties: Array<{ propertyId: string; isPrimary: boolean }>;
}
