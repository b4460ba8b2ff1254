import { Injectable } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import { Db } from '@opsledger/persistence';
import { ErasureParticipant, ErasureReceipt, ErasureWork } from '@opsledger/personal-data';
import { AUDIT_TRAIL } from '../../application/projections/audit-trail.projection';

/**
 * The audit trail in the document store copies the ledger's sealed values, so nothing is
 * deleted: its entries about and by the person become unreadable when the ledger's keys are
 * shredded (and a rebuild cannot bring them back). The receipt counts them.
 */
@Injectable()
export class DocumentAuditTrailErasureParticipant extends ErasureParticipant {
  readonly name = 'audit';
  override readonly order = 40;

  constructor(
    private readonly db: Db,
    private readonly documents: DocumentStore,
  ) {
    super();
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const resources = work.subjects.filter((s) => s.kind === 'person').map((s) => s.subjectId);
    const [about, by] = await this.db.transaction(async () => [
      await this.documents.count(AUDIT_TRAIL, { resourceId: { in: resources } }),
      await this.documents.count(AUDIT_TRAIL, { 'actor.id': work.userId }),
    ]);
    const note = 'entries keep the ledger’s sealed values, unreadable once the keys are shredded';
    return [
      {
        store: 'document-store',
        location: `${AUDIT_TRAIL} (about the person)`,
        action: 'shredded',
        count: about,
        note,
      },
      {
        store: 'document-store',
        location: `${AUDIT_TRAIL} (by the person)`,
        action: 'shredded',
        count: by,
        note,
      },
    ];
  }
}
