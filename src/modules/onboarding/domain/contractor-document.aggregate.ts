import { AggregateRoot } from '@opsledger/ddd';
import { compareCertificate } from './certificate-of-insurance';
import { InvalidDocumentFieldError } from './documents.errors';
import {
  DocumentDeletedEvent,
  DocumentMismatch,
  DocumentMismatchFlaggedEvent,
  DocumentStatus,
  DocumentTextExtractedEvent,
  DocumentType,
  DocumentUnreadableEvent,
  DocumentUploadedEvent,
  DocumentVerificationStatus,
} from './events/contractor-document.events';

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'certificate_of_insurance',
  'license',
  'w9',
  'bank_statement',
  'identity',
  'other',
];

/** What text extraction left on the document (spec 000 `ocrData`). */
export interface OcrData {
  text: string;
  method: 'pdf-text' | 'ocr';
  confidence: number | null;
  pages: number;
  extractedAt: string;
  mismatches: DocumentMismatch[];
}

/** Spec 000 `documents` fields, plus the tenant and the policy a certificate proves. */
export interface ContractorDocumentState {
  tenantId: string;
  contractorId: string;
  type: DocumentType;
  status: DocumentStatus;
  s3Key: string;
  originalName: string;
  mimeType: string;
  fileSize: number;
  hash: string;
  ocrData: OcrData | null;
  verificationStatus: DocumentVerificationStatus;
  insurancePolicyId: string | null;
  uploadedBy: string | null;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A name as shown to people: control characters and path parts removed, at most 255 chars. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length === 0) return 'document';
  return clean.slice(0, 255);
}

/**
 * An uploaded onboarding document (spec 000's `documents` collection): the bytes live in
 * object storage under `s3Key`; this holds what is known about them. Text extraction runs
 * later (a job) and, for a certificate of insurance tied to a policy, compares what the
 * certificate says with the policy as typed.
 */
export class ContractorDocument extends AggregateRoot {
  readonly streamType = 'onboarding-document';

  private constructor(
    id: string,
    version: number,
    private s: ContractorDocumentState,
  ) {
    super(id, version);
  }

  static upload(props: {
    id: string;
    tenantId: string;
    contractorId: string;
    type: DocumentType;
    s3Key: string;
    originalName: string;
    mimeType: string;
    fileSize: number;
    hash: string;
    insurancePolicyId: string | null;
    uploadedBy: string | null;
    now?: Date;
  }): ContractorDocument {
    if (!DOCUMENT_TYPES.includes(props.type))
      throw new InvalidDocumentFieldError(
        'type',
        `type must be one of ${DOCUMENT_TYPES.join(', ')}`,
      );
    if (!SHA256.test(props.hash)) throw new InvalidDocumentFieldError('hash', 'not a SHA-256');
    if (props.insurancePolicyId !== null && props.type !== 'certificate_of_insurance')
      throw new InvalidDocumentFieldError(
        'insurancePolicyId',
        'only a certificate of insurance proves an insurance policy',
      );
    const now = (props.now ?? new Date()).toISOString();
    const originalName = displayName(props.originalName);
    const doc = new ContractorDocument(props.id, 0, {
      tenantId: props.tenantId,
      contractorId: props.contractorId,
      type: props.type,
      status: 'uploaded',
      s3Key: props.s3Key,
      originalName,
      mimeType: props.mimeType,
      fileSize: props.fileSize,
      hash: props.hash,
      ocrData: null,
      verificationStatus: props.insurancePolicyId ? 'pending' : 'not_applicable',
      insurancePolicyId: props.insurancePolicyId,
      uploadedBy: props.uploadedBy,
      createdAt: now,
      updatedAt: now,
      deleted: false,
    });
    doc.record(
      new DocumentUploadedEvent(props.id, {
        tenantId: props.tenantId,
        contractorId: props.contractorId,
        type: props.type,
        originalName,
        mimeType: props.mimeType,
        fileSize: props.fileSize,
        hash: props.hash,
        s3Key: props.s3Key,
        insurancePolicyId: props.insurancePolicyId,
      }),
    );
    return doc;
  }

  static rehydrate(
    id: string,
    version: number,
    state: ContractorDocumentState,
  ): ContractorDocument {
    return new ContractorDocument(id, version, { ...state });
  }

  get snapshot(): Readonly<ContractorDocumentState> {
    return this.s;
  }

  /** True once text was read (or found unreadable): the job has nothing left to do. */
  get textSettled(): boolean {
    return this.s.status !== 'uploaded';
  }

  /**
   * Stores the extracted text; with the policy the certificate proves (as typed now), flags
   * each field that differs: one more event, and `verificationStatus` `mismatch`.
   */
  recordText(
    extracted: {
      text: string;
      method: 'pdf-text' | 'ocr';
      confidence: number | null;
      pages: number;
    },
    policy: { policyNumber: string; expirationDate: string } | null,
    now = new Date(),
  ): DocumentMismatch[] {
    const mismatches = policy ? compareCertificate(extracted.text, policy) : [];
    const previous = { status: this.s.status, verificationStatus: this.s.verificationStatus };
    const verificationStatus: DocumentVerificationStatus =
      this.s.insurancePolicyId === null || policy === null
        ? 'not_applicable'
        : mismatches.length > 0
          ? 'mismatch'
          : 'matched';
    this.s = {
      ...this.s,
      status: 'processed',
      verificationStatus,
      ocrData: { ...extracted, extractedAt: now.toISOString(), mismatches },
      updatedAt: now.toISOString(),
    };
    this.record(
      new DocumentTextExtractedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          method: extracted.method,
          characters: extracted.text.length,
          confidence: extracted.confidence,
          status: 'processed',
          verificationStatus,
        },
        previous,
      ),
    );
    if (mismatches.length > 0 && this.s.insurancePolicyId)
      this.record(
        new DocumentMismatchFlaggedEvent(this.id, {
          contractorId: this.s.contractorId,
          insurancePolicyId: this.s.insurancePolicyId,
          mismatches,
        }),
      );
    return mismatches;
  }

  markUnreadable(reason: string, now = new Date()): void {
    const previous = { status: this.s.status };
    this.s = { ...this.s, status: 'unreadable', updatedAt: now.toISOString() };
    this.record(
      new DocumentUnreadableEvent(
        this.id,
        { contractorId: this.s.contractorId, status: 'unreadable', reason: reason.slice(0, 500) },
        previous,
      ),
    );
  }

  /** Retention or erasure: the repository removes the record, the caller the bytes. */
  delete(reason: 'retention' | 'erasure'): void {
    this.s = { ...this.s, deleted: true };
    this.record(
      new DocumentDeletedEvent(
        this.id,
        { contractorId: this.s.contractorId, reason },
        {
          type: this.s.type,
          status: this.s.status,
        },
      ),
    );
  }
}
