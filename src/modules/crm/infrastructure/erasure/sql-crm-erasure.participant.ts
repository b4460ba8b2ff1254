import { Injectable } from '@nestjs/common';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import {
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';

/**
 * The CRM's part of erasing a user: everything the investor kept is deleted — their leads (other
 * people's names, emails and phones held on the investor's behalf) with their documents, deals
 * with their timelines and jobs, properties and documents (records and stored bytes). The leads' ledger keys (the sealed
 * lead details and outreach notes) are shredded with the user's, so the ledger keeps its events
 * but no readable personal value. Idempotent: a second run finds nothing left to delete.
 */
@Injectable()
export class SqlCrmErasureParticipant extends ErasureParticipant {
  readonly name = 'crm';
  override readonly order = 16; // after portfolio (15), before identity (90)

  constructor(
    private readonly db: Db,
    private readonly storage: ObjectStorage,
  ) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const rows = (await this.db.transaction(() =>
      this.db.manager.query(`SELECT id, workspace_id FROM leads WHERE user_id = $1 ORDER BY id`, [
        userId,
      ]),
    )) as Array<{ id: string; workspace_id: string }>;
    const files = (await this.db.transaction(() =>
      this.db.manager.query(`SELECT file_url, tenant_id FROM re_documents WHERE user_id = $1`, [
        userId,
      ]),
    )) as Array<{ file_url: string; tenant_id: string }>;
    return {
      subjects: rows.map((r) => ({ subjectId: r.id, kind: 'person' as const })),
      targets: [
        ...rows.map((r) => ({ kind: 'lead', id: r.id, tenantId: r.workspace_id })),
        ...files.map((f) => ({ kind: 'crm-document-file', id: f.file_url, tenantId: f.tenant_id })),
        { kind: 'crm-owner', id: userId, tenantId: null },
      ],
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const owner = work.targets.find((t) => t.kind === 'crm-owner')?.id;
    if (!owner) return [];
    const receipts = await this.db.transaction(async () => {
      const receipts: ErasureReceipt[] = [];
      const statements: Array<[string, string]> = [
        [
          'ai_jobs',
          `DELETE FROM ai_jobs WHERE user_id = $1 OR deal_id IN (SELECT id FROM deals WHERE user_id = $1)`,
        ],
        [
          'deal_events',
          `DELETE FROM deal_events WHERE deal_id IN (SELECT id FROM deals WHERE user_id = $1)`,
        ],
        ['re_documents', `DELETE FROM re_documents WHERE user_id = $1`],
        ['deals', `DELETE FROM deals WHERE user_id = $1`],
        ['re_properties', `DELETE FROM re_properties WHERE user_id = $1`],
        ['leads', `DELETE FROM leads WHERE user_id = $1`],
      ];
      for (const [location, sql] of statements) {
        const deleted = (await this.db.manager.query(sql, [owner])) as [unknown[], number];
        receipts.push({ store: 'postgresql', location, action: 'deleted', count: deleted[1] });
      }
      return receipts;
    });
    // The documents' bytes, after their records: a rerun finds no record and nothing to delete,
    // so the keys were read first (work.targets) and deleting a missing object is a no-op.
    const files = work.targets.filter((t) => t.kind === 'crm-document-file').map((t) => t.id);
    for (const key of files) await this.storage.delete(key);
    if (files.length > 0)
      receipts.push({
        store: 'object-storage',
        location: 'crm/<workspace>/documents',
        action: 'deleted',
        count: files.length,
      });
    return receipts;
  }
}
