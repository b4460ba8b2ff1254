import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  deleteRowsOf,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';

/**
 * The portfolio's part of erasing a user: the shares granted to them, and their lists (with
 * the lists' items and shares, by cascade). Their names, notes and share addresses in the
 * ledger are sealed under the user's key, which the ledger's step shreds; the activity feed
 * keeps only ids and is counted as retained. Contractor profiles are reference data about
 * businesses and are not the user's.
 */
@Injectable()
export class SqlPortfolioErasureParticipant extends ErasureParticipant {
  readonly name = 'portfolio';
  override readonly order = 15;

  constructor(private readonly db: Db) {
    super();
  }

  erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    return this.db.transaction(async () => {
      const receipts = await deleteRowsOf(
        this.db,
        work.userId,
        ['contractor_list_shares', 'contractor_lists'],
        (table) => (table === 'contractor_list_shares' ? 'shared_with_user_id' : 'user_id'),
      );
      const activity = (await this.db.manager.query(
        `SELECT count(*)::int AS n FROM contractor_list_activity WHERE user_id = $1`,
        [work.userId],
      )) as Array<{ n: number }>;
      receipts.push({
        store: 'postgresql',
        location: 'contractor_list_activity',
        action: 'retained',
        count: activity[0].n,
        note: 'ids and choices only; the text is sealed in the ledger under the shredded key',
      });
      return receipts;
    });
  }
}
