import { Injectable } from '@nestjs/common';
import { DocumentFilter, DocumentStore } from '@opsledger/document-store';
import { DocumentPageView, DocumentView } from '../../application/queries/documents.read-model';
import { DocumentsReader } from '../../application/queries/documents.reader';
import type { DocumentType } from '../../domain/events/contractor-document.events';
import {
  DOCUMENTS_COLLECTION,
  StoredDocument,
} from './document-store-contractor-document.repository';

function toView(stored: StoredDocument): DocumentView {
  return {
    id: stored.id,
    contractorId: stored.contractorId,
    type: stored.type,
    status: stored.status,
    originalName: stored.originalName,
    mimeType: stored.mimeType,
    fileSize: stored.fileSize,
    hash: stored.hash,
    verificationStatus: stored.verificationStatus,
    insurancePolicyId: stored.insurancePolicyId,
    ocrData: stored.ocrData,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    version: stored.version,
  };
}

@Injectable()
export class DocumentStoreDocumentsReader extends DocumentsReader {
  constructor(private readonly store: DocumentStore) {
    super();
  }

  async list(
    tenantId: string,
    contractorId: string,
    opts: { type?: DocumentType; limit: number; cursor?: string },
  ): Promise<DocumentPageView> {
    const filter: DocumentFilter = { tenantId, contractorId };
    if (opts.type) filter.type = opts.type;
    const page = await this.store.find<StoredDocument>(DOCUMENTS_COLLECTION, {
      filter,
      sort: { field: 'createdAt', direction: 'desc' },
      limit: opts.limit,
      cursor: opts.cursor ?? null,
    });
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async get(
    tenantId: string,
    contractorId: string,
    id: string,
  ): Promise<(DocumentView & { s3Key: string }) | null> {
    const stored = await this.store.get<StoredDocument>(DOCUMENTS_COLLECTION, id);
    if (!stored || stored.tenantId !== tenantId || stored.contractorId !== contractorId)
      return null;
    return { ...toView(stored), s3Key: stored.s3Key };
  }
}
