import { Injectable } from '@nestjs/common';
import { EventStore } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import {
  LeadDocumentAddedEvent,
  LeadDocumentRemovedEvent,
} from '../../domain/events/lead-document.events';
import { LeadDocumentRepository, NewLeadDocument } from '../../domain/lead-document.repository';

@Injectable()
export class SqlLeadDocumentRepository extends LeadDocumentRepository {
  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
  ) {
    super();
  }

  async add(d: NewLeadDocument): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO re_lead_documents (id, tenant_id, lead_id, title, type, file_url, file_size)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [d.id, d.tenantId, d.leadId, d.title, d.type, d.fileUrl, d.fileSize],
    );
    const { id, tenantId: _tenantId, ...payload } = d;
    await this.store.append({
      streamType: 'crm-lead-document',
      streamId: id,
      expectedVersion: 0,
      tenantId: d.tenantId,
      events: [new LeadDocumentAddedEvent(id, payload)],
    });
  }

  async remove(tenantId: string, leadId: string, id: string): Promise<boolean> {
    const deleted = (await this.db.manager.query(
      `DELETE FROM re_lead_documents WHERE tenant_id = $1 AND lead_id = $2 AND id = $3 RETURNING id`,
      [tenantId, leadId, id],
    )) as [unknown[], number];
    if (deleted[1] === 0) return false;
    await this.store.append({
      streamType: 'crm-lead-document',
      streamId: id,
      expectedVersion: 1,
      tenantId,
      events: [new LeadDocumentRemovedEvent(id, { leadId })],
    });
    return true;
  }
}
