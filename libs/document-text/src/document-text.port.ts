/** The media types a DocumentTextExtractor reads. */
export const EXTRACTABLE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/gif',
  'image/webp',
] as const;
export type ExtractableType = (typeof EXTRACTABLE_TYPES)[number];

export function isExtractable(mimeType: string): mimeType is ExtractableType {
  return (EXTRACTABLE_TYPES as readonly string[]).includes(mimeType);
}

export interface ExtractedText {
  /** The text, lines separated by `\n`. Empty when the file holds no readable text. */
  text: string;
  /** `pdf-text`: a PDF's text layer; `ocr`: recognised from the image. */
  method: 'pdf-text' | 'ocr';
  /** Mean OCR confidence 0–100; null for a text layer. */
  confidence: number | null;
  pages: number;
}

/** A file the extractor cannot read (corrupt, encrypted, not of its declared type). */
export class UnreadableDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableDocumentError';
  }
}

/**
 * Text from an uploaded file: the text layer of a PDF, OCR for an image. Runs locally (no
 * network), so documents never leave the service to be read.
 */
export abstract class DocumentTextExtractor {
  abstract extract(bytes: Buffer, mimeType: ExtractableType): Promise<ExtractedText>;
}
