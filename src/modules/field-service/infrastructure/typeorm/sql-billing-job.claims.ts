import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { BillingJobClaims } from '../../application/jobs/billing-job.claims';

/**
 * The claims of the billing jobs. Each claim is `LIMIT 1 … FOR UPDATE SKIP LOCKED` in the
 * caller's transaction: a row another worker holds is skipped; a row another worker has
 * already changed no longer matches (PostgreSQL re-checks the condition on the newest
 * version of a row it locks).
 */
@Injectable()
export class SqlBillingJobClaims extends BillingJobClaims {
  constructor(private readonly db: Db) {
    super();
  }

  async tenantsWithOverdueInvoices(today: string): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT DISTINCT tenant_id FROM invoices WHERE status = 'sent' AND is_active AND due_date < $1::date ORDER BY tenant_id`,
      [today],
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  async claimOverdueInvoice(
    tenantId: string,
    today: string,
    skip: readonly string[],
  ): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM invoices
        WHERE tenant_id = $1 AND status = 'sent' AND is_active AND due_date < $2::date AND NOT (id = ANY($3::uuid[]))
        ORDER BY due_date, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [tenantId, today, skip],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  async tenantsWithEndedContracts(today: string): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT DISTINCT tenant_id FROM contracts WHERE status = 'active' AND is_active AND end_date < $1::date ORDER BY tenant_id`,
      [today],
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  async claimEndedContract(
    tenantId: string,
    today: string,
    skip: readonly string[],
  ): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM contracts
        WHERE tenant_id = $1 AND status = 'active' AND is_active AND end_date < $2::date AND NOT (id = ANY($3::uuid[]))
        ORDER BY end_date, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [tenantId, today, skip],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }
}
