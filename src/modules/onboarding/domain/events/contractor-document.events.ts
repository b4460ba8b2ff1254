import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export type DocumentType =
  'certificate_of_insurance' | 'license' | 'w9' | 'bank_statement' | 'identity' | 'other';
export type DocumentStatus = 'uploaded' | 'processed' | 'unreadable';
export type DocumentVerificationStatus = 'pending' | 'matched' | 'mismatch' | 'not_applicable';

/** A field read off a certificate that differs from what the contractor typed. */
export interface DocumentMismatch {
  field: 'policyNumber' | 'expirationDate';
  /** What the policy says (typed by the contractor). */
  expected: string;
  /** What the document says; null when it could not be found on the document at all. */
  found: string | null;
}

/** The file's name may name a person, so it is sealed under the contractor's key. */
export class DocumentUploadedEvent extends DomainEvent<{
  tenantId: string;
  contractorId: string;
  type: DocumentType;
  originalName: string;
  mimeType: string;
  fileSize: number;
  hash: string;
  s3Key: string;
  insurancePolicyId: string | null;
}> {
  static readonly personalData = personalData<DocumentUploadedEvent>({
    fields: ['originalName'],
    subject: 'contractorId',
  });
  readonly type = 'onboarding.document.uploaded.v1';
}

/** OCR / text extraction ran; the text itself stays in the document store, not the ledger. */
export class DocumentTextExtractedEvent extends DomainEvent<{
  contractorId: string;
  method: 'pdf-text' | 'ocr';
  characters: number;
  confidence: number | null;
  status: DocumentStatus;
  verificationStatus: DocumentVerificationStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.document.text-extracted.v1';
}

/** The certificate says something else than the policy the contractor typed. */
export class DocumentMismatchFlaggedEvent extends DomainEvent<{
  contractorId: string;
  insurancePolicyId: string;
  mismatches: DocumentMismatch[];
}> {
  static readonly personalData = personalData<DocumentMismatchFlaggedEvent>({
    fields: ['mismatches'],
    subject: 'contractorId',
  });
  readonly type = 'onboarding.document.mismatch-flagged.v1';
}

export class DocumentUnreadableEvent extends DomainEvent<{
  contractorId: string;
  status: 'unreadable';
  reason: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.document.unreadable.v1';
}

/** Retention or erasure removed the bytes and the derived OCR data. */
export class DocumentDeletedEvent extends DomainEvent<{
  contractorId: string;
  reason: 'retention' | 'erasure';
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.document.deleted.v1';
}
