import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ErasureParticipant, ErasureReceipt, ErasureWork } from '@opsledger/personal-data';

/**
 * The audit trail copies the ledger's sealed values, so nothing is deleted: its entries about
 * and by the person become unreadable when the ledger's keys are shredded (and a rebuild
 * cannot bring them back). The receipt counts them.
 */
@Injectable()
export class SqlAuditTrailErasureParticipant extends ErasureParticipant {
  readonly name = 'audit';
  override readonly order = 40;

  constructor(private readonly db: Db) {
    super();
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const resources = work.subjects.filter((s) => s.kind === 'person').map((s) => s.subjectId);
    const [counts] = (await this.db.transaction(() =>
      this.db.manager.query(
        `SELECT (SELECT count(*)::int FROM audit_trail WHERE resource_id = ANY($1::text[])) AS about,
                (SELECT count(*)::int FROM audit_trail WHERE actor_id = $2) AS by`,
        [resources, work.userId],
      ),
    )) as Array<{ about: number; by: number }>;
    const note = 'entries keep the ledger’s sealed values, unreadable once the keys are shredded';
    return [
      {
        store: 'postgresql',
        location: 'audit_trail (about the person)',
        action: 'shredded',
        count: counts?.about ?? 0,
        note,
      },
      {
        store: 'postgresql',
        location: 'audit_trail (by the person)',
        action: 'shredded',
        count: counts?.by ?? 0,
        note,
      },
    ];
  }
}
