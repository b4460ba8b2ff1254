import type { OcrData } from '../../domain/contractor-document.aggregate';
import type {
  DocumentStatus,
  DocumentType,
  DocumentVerificationStatus,
} from '../../domain/events/contractor-document.events';

export interface DocumentView {
  id: string;
  contractorId: string;
  type: DocumentType;
  status: DocumentStatus;
  originalName: string;
  mimeType: string;
  fileSize: number;
  hash: string;
  verificationStatus: DocumentVerificationStatus;
  insurancePolicyId: string | null;
  ocrData: OcrData | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DocumentPageView {
  items: DocumentView[];
  nextCursor: string | null;
}
