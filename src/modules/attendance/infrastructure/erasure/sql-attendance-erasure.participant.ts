import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';

/**
 * Attendance's part of erasing a user: the contacts linked to the user are deleted with their
 * sessions and session events (positions, times, notes); nothing refers to them from elsewhere.
 * Their ledger keys (the sealed contact details and positions) are shredded with the user's, so
 * the ledger keeps its events but no readable personal value. Idempotent: a second run finds
 * nothing left to delete.
 */
@Injectable()
export class SqlAttendanceErasureParticipant extends ErasureParticipant {
  readonly name = 'attendance';
  override readonly order = 12; // before identity (90), which removes the link to the user

  constructor(private readonly db: Db) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const rows = (await this.db.transaction(() =>
      this.db.manager.query(`SELECT id, tenant_id FROM contacts WHERE user_id = $1 ORDER BY id`, [
        userId,
      ]),
    )) as Array<{ id: string; tenant_id: string }>;
    return {
      subjects: rows.map((r) => ({ subjectId: r.id, kind: 'person' as const })),
      targets: rows.map((r) => ({ kind: 'contact', id: r.id, tenantId: r.tenant_id })),
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const ids = work.targets.filter((t) => t.kind === 'contact').map((t) => t.id);
    return this.db.transaction(async () => {
      const receipts: ErasureReceipt[] = [];
      const statements: Array<[string, string]> = [
        [
          'session_events',
          `DELETE FROM session_events WHERE session_id IN (SELECT id FROM sessions WHERE contact_id = ANY($1::uuid[]))`,
        ],
        ['sessions', `DELETE FROM sessions WHERE contact_id = ANY($1::uuid[])`],
        ['contacts', `DELETE FROM contacts WHERE id = ANY($1::uuid[])`],
      ];
      for (const [location, sql] of statements) {
        const deleted = (await this.db.manager.query(sql, [ids])) as [unknown[], number];
        receipts.push({ store: 'postgresql', location, action: 'deleted', count: deleted[1] });
      }
      return receipts;
    });
  }
}
