/** The job type that reads an uploaded document's text off the request path. */
export const DOCUMENT_TEXT_JOB = 'onboarding.document-text';

/** Reads the document's text (PDF text layer or OCR) and checks a certificate against its policy. */
export class ExtractDocumentTextCommand {
  constructor(
    readonly tenantId: string,
    readonly documentId: string,
  ) {}
}

export type ExtractDocumentTextOutcome =
  { outcome: 'processed'; mismatches: number } | { outcome: 'unreadable' } | { outcome: 'skipped' };
