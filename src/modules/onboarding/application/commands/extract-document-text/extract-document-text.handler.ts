import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DocumentTextExtractor,
  ExtractedText,
  isExtractable,
  UnreadableDocumentError,
} from '@opsledger/document-text';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { ContractorDocumentRepository } from '../../../domain/contractor-document.repository';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import {
  ExtractDocumentTextCommand,
  ExtractDocumentTextOutcome,
} from './extract-document-text.command';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Runs in the text-extraction job, never on a request. Idempotent: a document whose text is
 * already settled (or that was deleted meanwhile) is skipped, so a retried job changes
 * nothing twice. A file the extractor cannot read is marked unreadable; any other failure
 * (storage, the OCR worker) is thrown for the job to retry with backoff.
 */
@CommandHandler(ExtractDocumentTextCommand)
export class ExtractDocumentTextHandler implements ICommandHandler<
  ExtractDocumentTextCommand,
  ExtractDocumentTextOutcome
> {
  constructor(
    private readonly db: Db,
    private readonly documents: ContractorDocumentRepository,
    private readonly policies: InsurancePolicyRepository,
    private readonly storage: ObjectStorage,
    private readonly extractor: DocumentTextExtractor,
  ) {}

  async execute(command: ExtractDocumentTextCommand): Promise<ExtractDocumentTextOutcome> {
    const { tenantId, documentId } = command;
    const found = await this.db.read(() => this.documents.findById(tenantId, documentId));
    if (!found || found.textSettled) return { outcome: 'skipped' };
    const { s3Key, mimeType } = found.snapshot;

    let extracted: ExtractedText | null = null;
    let unreadable: string | null = null;
    if (!isExtractable(mimeType)) unreadable = `No text reader for ${mimeType}`;
    else {
      const content = await this.storage.get(s3Key);
      const bytes = await readAll(content.stream);
      try {
        extracted = await this.extractor.extract(bytes, mimeType);
      } catch (error) {
        if (!(error instanceof UnreadableDocumentError)) throw error;
        unreadable = error.message;
      }
    }

    return this.db.transaction(async () => {
      const document = await this.documents.findById(tenantId, documentId);
      if (!document || document.textSettled) return { outcome: 'skipped' } as const;
      if (!extracted) {
        document.markUnreadable(unreadable ?? 'unreadable');
        await this.documents.save(document);
        return { outcome: 'unreadable' } as const;
      }
      const policyId = document.snapshot.insurancePolicyId;
      const policy = policyId ? await this.policies.findById(tenantId, policyId) : null;
      const mismatches = document.recordText(
        extracted,
        policy
          ? {
              policyNumber: policy.snapshot.policyNumber,
              expirationDate: policy.snapshot.expirationDate,
            }
          : null,
      );
      await this.documents.save(document);
      return { outcome: 'processed', mismatches: mismatches.length } as const;
    });
  }
}
