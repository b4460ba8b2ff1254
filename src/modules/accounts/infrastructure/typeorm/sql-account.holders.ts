import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { AccountHolders } from '../../application/account-holders.port';

/**
 * Existence only, on the account table this context's rows reference by foreign key. Meant to
 * give way to a query service the identity context publishes (`*.public.ts`) once it has one.
 */
@Injectable()
export class SqlAccountHolders extends AccountHolders {
  constructor(private readonly db: Db) {
    super();
  }

  async exists(userId: string): Promise<boolean> {
    const rows = (await this.db.manager.query(`SELECT 1 FROM users WHERE id = $1`, [
      userId,
    ])) as unknown[];
    return rows.length > 0;
  }
}
