import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  deleteRowsOf,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';

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
    return this.db.transaction(() =>
      deleteRowsOf(this.db, work.userId, ['api_keys', 'user_plans']),
    );
  }
}
