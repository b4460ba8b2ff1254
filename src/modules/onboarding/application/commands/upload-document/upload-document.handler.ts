import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isExtractable, EXTRACTABLE_TYPES } from '@opsledger/document-text';
import { Jobs } from '@opsledger/jobs';
import { ObjectStorage, sniffUpload } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { ContractorDocument } from '../../../domain/contractor-document.aggregate';
import { ContractorDocumentRepository } from '../../../domain/contractor-document.repository';
import {
  DocumentPolicyMismatchError,
  DuplicateDocumentError,
} from '../../../domain/documents.errors';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import { DOCUMENT_SETTINGS, DocumentSettings } from '../../document-settings';
import { DOCUMENT_TEXT_JOB } from '../extract-document-text/extract-document-text.command';
import { UploadDocumentCommand } from './upload-document.command';

/** Where a contractor's files live in object storage; erasure removes the prefix. */
export const contractorObjectPrefix = (tenantId: string, contractorId: string) =>
  `onboarding/${tenantId}/${contractorId}/`;

/**
 * Checks who uploads and what the form says before a byte is stored, streams the file to
 * object storage through the content sniffer (type by content, size limit, SHA-256 on the
 * way), then records the document, its ledger event and the text-extraction job in one
 * transaction. A file the contractor already has is reported (409) and its new copy removed.
 */
@CommandHandler(UploadDocumentCommand)
export class UploadDocumentHandler implements ICommandHandler<
  UploadDocumentCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly documents: ContractorDocumentRepository,
    private readonly policies: InsurancePolicyRepository,
    private readonly storage: ObjectStorage,
    private readonly jobs: Jobs,
    @Inject(DOCUMENT_SETTINGS) private readonly settings: DocumentSettings,
  ) {}

  async execute(command: UploadDocumentCommand): Promise<{ id: string }> {
    const { tenantId, contractorId } = await this.db.read(() =>
      contractorForDocuments(this.directory, command.actor, command.contractorId),
    );
    const { insurancePolicyId } = command.fields;
    if (insurancePolicyId)
      await this.db.transaction(() =>
        this.assertPolicyOf(tenantId, contractorId, insurancePolicyId),
      );

    const id = randomUUID();
    const key = `${contractorObjectPrefix(tenantId, contractorId)}${id}`;
    const { mimeType, body } = await sniffUpload(command.body, EXTRACTABLE_TYPES);
    const stored = await this.storage.put(key, body, {
      contentType: mimeType,
      maxBytes: this.settings.maxBytes,
    });
    try {
      return await this.db.transaction(async () => {
        const existing = await this.documents.findByHash(tenantId, contractorId, stored.sha256);
        if (existing) throw new DuplicateDocumentError(existing.id);
        if (insurancePolicyId) await this.assertPolicyOf(tenantId, contractorId, insurancePolicyId);
        const document = ContractorDocument.upload({
          id,
          tenantId,
          contractorId,
          type: command.fields.type,
          s3Key: key,
          originalName: command.fields.originalName,
          mimeType,
          fileSize: stored.size,
          hash: stored.sha256,
          insurancePolicyId,
          uploadedBy: command.actor.id,
        });
        await this.documents.save(document);
        if (isExtractable(mimeType))
          await this.jobs.enqueue({
            type: DOCUMENT_TEXT_JOB,
            payload: { documentId: id },
            tenantId,
            ownerId: null,
            maxAttempts: 4,
          });
        return { id };
      });
    } catch (error) {
      await this.storage.delete(key);
      throw error;
    }
  }

  private async assertPolicyOf(
    tenantId: string,
    contractorId: string,
    policyId: string,
  ): Promise<void> {
    const policy = await this.policies.findById(tenantId, policyId);
    if (!policy || policy.snapshot.contractorId !== contractorId || policy.snapshot.removed)
      throw new DocumentPolicyMismatchError();
  }
}
