import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { InvalidCrmFieldError, UnknownAiJobTargetError } from '../../../domain/crm.errors';
import { DealRepository } from '../../../domain/deal.repository';
import { PropertyRepository } from '../../../domain/property.repository';
import { ReDocumentRepository } from '../../../domain/re-document.repository';
import { investorOf } from '../../crm-investor';
import { StoreDocumentCommand } from './store-document.command';

/** What a JSON upload can carry under the HTTP body limit. */
export const MAX_DOCUMENT_BYTES = 640 * 1024;

/**
 * Stores the bytes under `crm/<workspace>/documents/<id>`, then records the document (and its
 * primary link to the property) with its ledger event. Attached to the investor's own property
 * and/or deal (422 otherwise); a deal's timeline shows it.
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
    if (command.bytes.length === 0)
      throw new InvalidCrmFieldError('contentBase64', 'the file is empty');
    return this.db.transaction(async () => {
      if (command.propertyId) {
        const p = await this.properties.findLive(investor.workspaceId, command.propertyId);
        if (p?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('propertyId');
      }
      if (command.dealId) {
        const d = await this.deals.findById(investor.workspaceId, command.dealId);
        if (d?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('dealId');
      }
      const id = randomUUID();
      const fileUrl = `crm/${investor.workspaceId}/documents/${id}`;
      const stored = await this.storage.put(fileUrl, Readable.from([command.bytes]), {
        contentType: command.contentType,
        maxBytes: MAX_DOCUMENT_BYTES,
      });
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
        contentType: command.contentType,
        sha256: stored.sha256,
      });
      if (command.propertyId)
        await this.documents.link(investor.workspaceId, id, command.propertyId, true);
      return { id };
    });
  }
}
