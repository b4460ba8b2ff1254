import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';
import { ProgressCache } from '../../application/progress-cache';

/**
 * Onboarding's part of erasing a user: the contractors the user signs in for are deleted with
 * everything they hold (business profile with the tax id ciphertext, licenses, policies, bank
 * accounts with their last four digits and provider ids, progress, achievements) and their
 * cached progress is dropped. Their ledger keys (the sealed names, numbers and last fours of
 * the onboarding events) are shredded with the user's. Idempotent: a second run deletes
 * nothing.
 */
@Injectable()
export class SqlOnboardingErasureParticipant extends ErasureParticipant {
  readonly name = 'onboarding';
  // after attendance (12), before portfolio (15) and identity (90), which removes the user
  override readonly order = 14;

  constructor(
    private readonly db: Db,
    private readonly cache: ProgressCache,
  ) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const rows = (await this.db.transaction(() =>
      this.db.manager.query(`SELECT id, tenant_id FROM contractor WHERE user_id = $1 ORDER BY id`, [
        userId,
      ]),
    )) as Array<{ id: string; tenant_id: string }>;
    return {
      subjects: rows.map((r) => ({ subjectId: r.id, kind: 'person' as const })),
      targets: rows.map((r) => ({ kind: 'contractor', id: r.id, tenantId: r.tenant_id })),
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const ids = work.targets.filter((t) => t.kind === 'contractor').map((t) => t.id);
    const receipts = await this.db.transaction(async () => {
      const out: ErasureReceipt[] = [];
      const statements: Array<[string, string]> = [
        ['business_profile', `DELETE FROM business_profile WHERE contractor_id = ANY($1::uuid[])`],
        ['license', `DELETE FROM license WHERE contractor_id = ANY($1::uuid[])`],
        ['insurance_policy', `DELETE FROM insurance_policy WHERE contractor_id = ANY($1::uuid[])`],
        ['bank_account', `DELETE FROM bank_account WHERE contractor_id = ANY($1::uuid[])`],
        [
          'contractor_achievement',
          `DELETE FROM contractor_achievement WHERE contractor_id = ANY($1::uuid[])`,
        ],
        [
          'onboarding_progress',
          `DELETE FROM onboarding_progress WHERE contractor_id = ANY($1::uuid[])`,
        ],
        [
          'contractor_stream',
          `DELETE FROM contractor_stream WHERE contractor_id = ANY($1::uuid[])`,
        ],
        ['contractor', `DELETE FROM contractor WHERE id = ANY($1::uuid[])`],
      ];
      for (const [location, sql] of statements) {
        const deleted = (await this.db.manager.query(sql, [ids])) as [unknown[], number];
        out.push({ store: 'postgresql', location, action: 'deleted', count: deleted[1] });
      }
      return out;
    });
    for (const id of ids) await this.cache.drop(id);
    return receipts;
  }
}
