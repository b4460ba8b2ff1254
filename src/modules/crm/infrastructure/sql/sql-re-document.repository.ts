import { Injectable } from '@nestjs/common';
import { EventStore } from '@opsledger/event-store';
import { Db, isUniqueViolation } from '@opsledger/persistence';
import { DocumentPrimaryTakenError } from '../../domain/crm.errors';
import {
  ReDocumentLinkedEvent,
  ReDocumentUploadedEvent,
} from '../../domain/events/re-document.events';
import { NewReDocument, ReDocumentRepository } from '../../domain/re-document.repository';

@Injectable()
export class SqlReDocumentRepository extends ReDocumentRepository {
  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
  ) {
    super();
  }

  async add(d: NewReDocument): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO re_documents (id, user_id, tenant_id, property_id, deal_id, title, type, file_url, file_size,
         content_type, uploaded_by, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $2, $11)`,
      [
        d.id,
        d.userId,
        d.tenantId,
        d.propertyId,
        d.dealId,
        d.title,
        d.type,
        d.fileUrl,
        d.fileSize,
        d.contentType,
        JSON.stringify({ sha256: d.sha256 }),
      ],
    );
    const { id, ...payload } = d;
    await this.store.append({
      streamType: 'crm-document',
      streamId: id,
      expectedVersion: 0,
      tenantId: d.tenantId,
      events: [new ReDocumentUploadedEvent(id, payload)],
    });
  }

  async ownerOf(tenantId: string, id: string): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT user_id FROM re_documents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as Array<{ user_id: string }>;
    return rows[0]?.user_id ?? null;
  }

  async findOwnership(
    tenantId: string,
    id: string,
  ): Promise<{ userId: string; dealId: string | null } | null> {
    const rows = (await this.db.manager.query(
      `SELECT user_id, deal_id FROM re_documents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as Array<{ user_id: string; deal_id: string | null }>;
    return rows[0] ? { userId: rows[0].user_id, dealId: rows[0].deal_id } : null;
  }

  async link(
    tenantId: string,
    documentId: string,
    propertyId: string,
    isPrimary: boolean,
  ): Promise<void> {
    await this.db.manager.query('SAVEPOINT crm_document_link');
    try {
      await this.db.manager.query(
        `INSERT INTO re_property_documents (property_id, document_id, tenant_id, is_primary) VALUES ($1, $2, $3, $4)
         ON CONFLICT (property_id, document_id) DO UPDATE SET is_primary = EXCLUDED.is_primary`,
        [propertyId, documentId, tenantId, isPrimary],
      );
      await this.db.manager.query('RELEASE SAVEPOINT crm_document_link');
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_property_documents_primary')) throw error;
      await this.db.manager.query('ROLLBACK TO SAVEPOINT crm_document_link');
      throw new DocumentPrimaryTakenError();
    }
    const head = (await this.db.manager.query(
      `SELECT COALESCE(max(stream_version), 0)::int AS version FROM event_store WHERE stream_type = 'crm-document' AND stream_id = $1`,
      [documentId],
    )) as Array<{ version: number }>;
    await this.store.append({
      streamType: 'crm-document',
      streamId: documentId,
      expectedVersion: head[0].version,
      tenantId,
      events: [new ReDocumentLinkedEvent(documentId, { propertyId, isPrimary })],
    });
  }
}
