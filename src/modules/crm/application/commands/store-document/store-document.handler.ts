import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EXTRACTABLE_TYPES } from '@opsledger/document-text';
import { ObjectStorage, sniffUpload } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { InvalidCrmFieldError, UnknownAiJobTargetError } from '../../../domain/crm.errors';
import { DealRepository } from '../../../domain/deal.repository';
import { PropertyRepository } from '../../../domain/property.repository';
import { ReDocumentRepository } from '../../../domain/re-document.repository';
import { Investor, investorOf } from '../../crm-investor';
import { StoreDocumentCommand } from './store-document.command';

/** The largest file an upload may carry (a 413 beyond it, nothing stored). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** What an upload may be, recognised by its content: what the document analysis reads. */
export const UPLOADABLE_TYPES = EXTRACTABLE_TYPES;

/**
 * Checks the targets before a byte is stored, streams the file through the content sniffer
 * (type by content, executables refused) to `crm/<workspace>/documents/<id>` (size limit and
 * SHA-256 on the way), then records the document (and its primary link to the property) with
 * its ledger event in one transaction that checks the targets again. If that transaction
 * fails, the stored copy is removed. A deal's timeline shows the upload.
 */
@CommandHandler(StoreDocumentCommand)
export class StoreDocumentHandler implements ICommandHandler<StoreDocumentCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly storage: ObjectStorage,
    private readonly documents: ReDocumentRepository,
    private readonly properties: PropertyRepository,
    private readonly deals: DealRepository,
  ) {}

  async execute(command: StoreDocumentCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    const title = command.title.trim();
    if (!title) throw new InvalidCrmFieldError('title', 'title is required');
    await this.db.transaction(() => this.assertTargets(investor, command));

    const id = randomUUID();
    const fileUrl = `crm/${investor.workspaceId}/documents/${id}`;
    const { mimeType, body } = await sniffUpload(command.body, UPLOADABLE_TYPES);
    const stored = await this.storage.put(fileUrl, body, {
      contentType: mimeType,
      maxBytes: MAX_DOCUMENT_BYTES,
    });
    try {
      return await this.db.transaction(async () => {
        await this.assertTargets(investor, command);
        await this.documents.add({
          id,
          userId: investor.userId,
          tenantId: investor.workspaceId,
          title,
          type: command.type,
          propertyId: command.propertyId,
          dealId: command.dealId,
          fileUrl,
          fileSize: stored.size,
          contentType: mimeType,
          sha256: stored.sha256,
        });
        if (command.propertyId)
          await this.documents.link(investor.workspaceId, id, command.propertyId, true);
        return { id };
      });
    } catch (error) {
      await this.storage.delete(fileUrl);
      throw error;
    }
  }

  private async assertTargets(investor: Investor, command: StoreDocumentCommand): Promise<void> {
    if (command.propertyId) {
      const p = await this.properties.findLive(investor.workspaceId, command.propertyId);
      if (p?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('propertyId');
    }
    if (command.dealId) {
      const d = await this.deals.findById(investor.workspaceId, command.dealId);
      if (d?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('dealId');
    }
  }
}
