import { DomainError } from '@opsledger/ddd';

export class InvalidDocumentFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('DOCUMENT.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

export class DocumentNotFoundError extends DomainError {
  constructor(id: string) {
    super('DOCUMENT.NOT_FOUND', 'not_found', `No document ${id}`);
  }
}

/** The same bytes were already uploaded for this contractor: reported, not stored again. */
export class DuplicateDocumentError extends DomainError {
  constructor(readonly existingId: string) {
    super(
      'DOCUMENT.DUPLICATE',
      'conflict',
      `This file was already uploaded for the contractor as document ${existingId}`,
      { field: 'file' },
    );
  }
}

export class DocumentPolicyMismatchError extends DomainError {
  constructor() {
    super(
      'DOCUMENT.POLICY_NOT_OF_CONTRACTOR',
      'validation',
      'The insurance policy does not belong to this contractor',
      { field: 'insurancePolicyId' },
    );
  }
}

export class UploadMissingFileError extends DomainError {
  constructor() {
    super(
      'DOCUMENT.FILE_MISSING',
      'invalid_input',
      'The form has no file part (field `file`), or it comes before the other fields',
      { field: 'file' },
    );
  }
}

export class WebhookSignatureError extends DomainError {
  constructor(reason: string) {
    super('WEBHOOK.SIGNATURE_REFUSED', 'unauthorized', `The webhook was refused: ${reason}`);
  }
}

export class WebhookReplayedError extends DomainError {
  constructor() {
    super('WEBHOOK.REPLAYED', 'conflict', 'This delivery was already received');
  }
}

export class InvalidWebhookPayloadError extends DomainError {
  constructor(message: string) {
    super('WEBHOOK.INVALID_PAYLOAD', 'invalid_input', message);
  }
}

export class VerificationPayloadNotFoundError extends DomainError {
  constructor(id: string) {
    super('VERIFICATION_PAYLOAD.NOT_FOUND', 'not_found', `No verification payload ${id}`);
  }
}

export class ContractorNotFoundForDocumentsError extends DomainError {
  constructor(id: string) {
    super('CONTRACTOR.NOT_FOUND', 'not_found', `No contractor ${id}`);
  }
}

export class BankAccountNotFoundError extends DomainError {
  constructor(id: string) {
    super('BANK_ACCOUNT.NOT_FOUND', 'not_found', `No bank account ${id}`);
  }
}
