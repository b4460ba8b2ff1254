import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ComplianceExpiryClaims } from '../../application/jobs/compliance-expiry.claims';
import type { LapsedItem } from '../../domain/events/contractor.events';

const DUE_LICENSE = `status <> 'expired' AND expiration_date IS NOT NULL
  AND (expiration_date < $1::date
       OR (expiration_date <= $1::date + $2::int AND expiry_notice_for IS DISTINCT FROM expiration_date))`;
const DUE_POLICY = `expired_at IS NULL
  AND (expiration_date < $1::date
       OR (expiration_date <= $1::date + $2::int AND expiry_notice_for IS DISTINCT FROM expiration_date))`;

/**
 * The claims of the expiration job. Each claim is `LIMIT 1 … FOR UPDATE SKIP LOCKED` in the
 * caller's transaction: a row another worker holds is skipped; a row another worker has
 * already changed no longer matches (PostgreSQL re-checks the condition on the newest version
 * of a row it locks). Licenses first, then policies.
 */
@Injectable()
export class SqlComplianceExpiryClaims extends ComplianceExpiryClaims {
  constructor(private readonly db: Db) {
    super();
  }

  async tenantsWithDueItems(today: string, withinDays: number): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT tenant_id FROM license WHERE ${DUE_LICENSE}
       UNION
       SELECT tenant_id FROM insurance_policy WHERE ${DUE_POLICY}
       ORDER BY tenant_id`,
      [today, withinDays],
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  async claimDueItem(
    tenantId: string,
    today: string,
    withinDays: number,
    skip: readonly string[],
  ): Promise<LapsedItem | null> {
    const license = (await this.db.manager.query(
      `SELECT id FROM license
        WHERE tenant_id = $3 AND ${DUE_LICENSE} AND NOT (id = ANY($4::uuid[]))
        ORDER BY expiration_date, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [today, withinDays, tenantId, skip],
    )) as Array<{ id: string }>;
    if (license[0]) return { kind: 'license', id: license[0].id };
    const policy = (await this.db.manager.query(
      `SELECT id FROM insurance_policy
        WHERE tenant_id = $3 AND ${DUE_POLICY} AND NOT (id = ANY($4::uuid[]))
        ORDER BY expiration_date, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [today, withinDays, tenantId, skip],
    )) as Array<{ id: string }>;
    return policy[0] ? { kind: 'insurance_policy', id: policy[0].id } : null;
  }
}
