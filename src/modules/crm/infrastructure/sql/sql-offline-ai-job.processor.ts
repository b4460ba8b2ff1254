import { Injectable } from '@nestjs/common';
import {
  DocumentTextExtractor,
  ExtractedText,
  isExtractable,
  UnreadableDocumentError,
} from '@opsledger/document-text';
import { PermanentJobError } from '@opsledger/jobs';
import { ObjectNotFoundError, ObjectStorage } from '@opsledger/object-storage';
import { Db, RequestContext } from '@opsledger/persistence';
import { AiJobProcessor } from '../../application/ai-job-processor.port';
import { investorOf } from '../../application/crm-investor';
import { CrmReader } from '../../application/queries/crm.reader';
import { afterRepairValue, PricedComp } from '../../domain/ai-job';
import { classifyDocument, findKeyFields } from '../../domain/document-analysis';

/**
 * The offline processors, in the job owner's row-level scope: a valuation from the owner's
 * comparable properties (same zip, size within 20 %), and a document analysis from the
 * document's own bytes (PDF text layer or local OCR, then keyword rules and patterns).
 */
@Injectable()
export class SqlOfflineAiJobProcessor extends AiJobProcessor {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: CrmReader,
    private readonly storage: ObjectStorage,
    private readonly extractor: DocumentTextExtractor,
  ) {
    super();
  }

  async analyseDocument(input: { documentId: string }): Promise<Record<string, unknown>> {
    const investor = investorOf(this.context.actor);
    const file = await this.db.read(() => this.reader.documentFile(investor, input.documentId));
    if (!file) throw new PermanentJobError('the document is gone');
    const bytes = await this.read(file.fileUrl);
    const contentType = file.contentType ?? 'application/octet-stream';
    const extracted = await this.textOf(bytes, contentType);
    const isImage = contentType.startsWith('image/');
    if (!isImage && extracted.text.trim() === '')
      throw new PermanentJobError(
        'the document has no text layer to read (a scanned PDF: upload its pages as images)',
      );
    const classification = classifyDocument(extracted.text, isImage);
    return {
      documentId: file.id,
      documentType: classification.documentType,
      classification: { matched: classification.matched, confidence: classification.confidence },
      extraction: {
        method: extracted.method,
        confidence: extracted.confidence,
        pages: extracted.pages,
        characters: extracted.text.length,
      },
      ...findKeyFields(extracted.text),
    };
  }

  /**
   * PDFs and images through libs/document-text; plain text (documents uploaded as base64 JSON
   * before uploads became multipart) as it is.
   */
  private async textOf(
    bytes: Buffer,
    contentType: string,
  ): Promise<Omit<ExtractedText, 'method'> & { method: ExtractedText['method'] | 'text' }> {
    if (contentType === 'text/plain')
      return { text: bytes.toString('utf8'), method: 'text', confidence: null, pages: 1 };
    if (!isExtractable(contentType))
      throw new PermanentJobError(`a ${contentType} document cannot be read`);
    try {
      return await this.extractor.extract(bytes, contentType);
    } catch (error) {
      if (error instanceof UnreadableDocumentError) throw new PermanentJobError(error.message);
      throw error;
    }
  }

  /** The whole object: uploads are capped (MAX_DOCUMENT_BYTES), so it fits in memory. */
  private async read(key: string): Promise<Buffer> {
    try {
      const content = await this.storage.get(key);
      const chunks: Buffer[] = [];
      for await (const chunk of content.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        throw new PermanentJobError('the document’s file is gone');
      throw error;
    }
  }

  async valueProperty(input: { propertyId: string }): Promise<Record<string, unknown>> {
    const investor = investorOf(this.context.actor);
    return this.db.read(async () => {
      const subject = await this.reader.property(investor, input.propertyId);
      if (!subject) throw new PermanentJobError('the property is gone');
      const comps =
        (await this.reader.comps(investor, input.propertyId, {
          sizeTolerancePct: 20,
          limit: 25,
        })) ?? [];
      const priced: PricedComp[] = comps.flatMap((c) =>
        c.pricePerSqft === null
          ? []
          : [{ id: c.id, squareFeet: c.squareFeet, pricePerSqft: c.pricePerSqft }],
      );
      const valuation = afterRepairValue(subject.squareFeet, priced);
      if (!valuation)
        throw new PermanentJobError(
          subject.squareFeet
            ? 'no comparable property with a price in the same zip and size range'
            : 'the property has no square feet to value',
        );
      return {
        propertyId: subject.id,
        squareFeet: subject.squareFeet,
        ...valuation,
        comps: comps.map((c) => ({
          id: c.id,
          addressLine1: c.addressLine1,
          squareFeet: c.squareFeet,
          purchasePrice: c.purchasePrice,
          pricePerSqft: c.pricePerSqft,
          used: c.pricePerSqft !== null,
        })),
      };
    });
  }
}
