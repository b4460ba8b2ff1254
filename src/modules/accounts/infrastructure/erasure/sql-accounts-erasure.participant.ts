import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ErasureParticipant, ErasureReceipt, ErasureWork } from '@opsledger/personal-data';

/**
 * The accounts context's part of erasing a user: the vault's stored API keys and the plan
 * (with its Stripe customer and subscription ids) are deleted.
 */
@Injectable()
export class SqlAccountsErasureParticipant extends ErasureParticipant {
  readonly name = 'accounts';
  override readonly order = 20;

  constructor(private readonly db: Db) {
    super();
  }

  erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    return this.db.transaction(async () => {
      const receipts: ErasureReceipt[] = [];
      for (const table of ['api_keys', 'user_plans']) {
        const deleted = (await this.db.manager.query(`DELETE FROM ${table} WHERE user_id = $1`, [
          work.userId,
        ])) as [unknown[], number];
        receipts.push({
          store: 'postgresql',
          location: table,
          action: 'deleted',
          count: deleted[1],
        });
      }
      return receipts;
    });
  }
}
