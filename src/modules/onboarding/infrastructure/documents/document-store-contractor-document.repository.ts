import { Injectable } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import { AggregateWriter } from '@opsledger/event-store';
import {
  ContractorDocument,
  ContractorDocumentState,
} from '../../domain/contractor-document.aggregate';
import { ContractorDocumentRepository } from '../../domain/contractor-document.repository';

/** Spec 000's collection name. */
export const DOCUMENTS_COLLECTION = 'documents';

/** A `documents` entry as stored: spec 000's fields (`_id` is the store's id) and ours. */
export type StoredDocument = Omit<ContractorDocumentState, 'deleted'> & {
  id: string;
  version: number;
};

export function toStoredDocument(document: ContractorDocument, version: number): StoredDocument {
  const { deleted: _deleted, ...state } = document.snapshot;
  return { id: document.id, version, ...state };
}

function toDomain(stored: StoredDocument): ContractorDocument {
  const { id, version, ...state } = stored;
  return ContractorDocument.rehydrate(id, version, { ...state, deleted: false });
}

/**
 * Documents in the document store (PostgreSQL JSONB by default, MongoDB when configured),
 * their events in the ledger. On PostgreSQL the document write joins the ledger's
 * transaction; the ledger's stream version is the concurrency check in both cases.
 */
@Injectable()
export class DocumentStoreContractorDocumentRepository extends ContractorDocumentRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<ContractorDocument | null> {
    const stored = await this.store.get<StoredDocument>(DOCUMENTS_COLLECTION, id);
    if (!stored || stored.tenantId !== tenantId) return null;
    return toDomain(stored);
  }

  async findByHash(
    tenantId: string,
    contractorId: string,
    hash: string,
  ): Promise<ContractorDocument | null> {
    const page = await this.store.find<StoredDocument>(DOCUMENTS_COLLECTION, {
      filter: { tenantId, contractorId, hash },
      limit: 1,
    });
    return page.items[0] ? toDomain(page.items[0]) : null;
  }

  async save(document: ContractorDocument): Promise<void> {
    const { tenantId } = document.snapshot;
    await this.writer.save(document, tenantId, async ({ nextVersion }) => {
      if (document.snapshot.deleted) await this.store.delete(DOCUMENTS_COLLECTION, document.id);
      else
        await this.store.upsert(
          DOCUMENTS_COLLECTION,
          document.id,
          toStoredDocument(document, nextVersion),
          { tenantId },
        );
      return true;
    });
  }
}
