import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  ContractorDashboardView,
  ContractorFilter,
  ContractorQueriesReader,
  ExpiringItemView,
} from '../../application/queries/contractor-queries.reader';
import { ContractorView } from '../../application/queries/onboarding.read-model';
import { CONTRACTOR_STATUSES, ContractorStatus } from '../../domain/contractor-lifecycle';
import { ContractorRow } from './onboarding-rows.sql';
import { contractorView } from './sql-onboarding.reader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `%text%` for ILIKE, with the pattern's own wildcards taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest-first pages: created_at comes from the application clock, so milliseconds are exact. */
const cursorOf = (r: { created_at: Date; id: string }) => [r.created_at.toISOString(), r.id];

/** A license not expired, expiring from `today` to `today + days` ($today, $days parameters). */
const licenseExpiring = (today: string, days: string) =>
  `l.status <> 'expired' AND l.expiration_date BETWEEN ${today}::date AND ${today}::date + ${days}::int`;
const policyExpiring = (today: string, days: string) =>
  `ip.expired_at IS NULL AND ip.expiration_date BETWEEN ${today}::date AND ${today}::date + ${days}::int`;

type Row = ContractorRow & { updated_at: Date; legal_name: string | null };

@Injectable()
export class SqlContractorQueriesReader extends ContractorQueriesReader {
  constructor(private readonly db: Db) {
    super();
  }

  async contractors(
    tenantId: string,
    filter: ContractorFilter,
    today: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContractorView>> {
    const params: unknown[] = [tenantId];
    const where = ['c.tenant_id = $1'];
    const p = (value: unknown) => `$${params.push(value)}`;
    if (filter.status) where.push(`c.status = ${p(filter.status)}`);
    if (filter.state) {
      const s = p(filter.state);
      where.push(`(p.state = ${s} OR EXISTS (SELECT 1 FROM license sl
        WHERE sl.tenant_id = c.tenant_id AND sl.contractor_id = c.id AND sl.state = ${s}))`);
    }
    if (filter.expiringWithinDays !== undefined) {
      const t = p(today);
      const d = p(filter.expiringWithinDays);
      where.push(`(EXISTS (SELECT 1 FROM license l
          WHERE l.tenant_id = c.tenant_id AND l.contractor_id = c.id AND ${licenseExpiring(t, d)})
        OR EXISTS (SELECT 1 FROM insurance_policy ip
          WHERE ip.tenant_id = c.tenant_id AND ip.contractor_id = c.id AND ${policyExpiring(t, d)}))`);
    }
    if (filter.q) where.push(`p.legal_name ILIKE ${p(likePattern(filter.q))} ESCAPE '\\'`);
    const after = decodeCursor(cursor, 2);
    if (after) {
      const [at, id] = after;
      if (
        typeof at !== 'string' ||
        Number.isNaN(Date.parse(at)) ||
        typeof id !== 'string' ||
        !UUID.test(id)
      )
        throw new InvalidCursorError();
      where.push(`(c.created_at, c.id) < (${p(at)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows = (await this.db.manager.query(
      `SELECT c.id, c.tenant_id, c.user_id, c.status, c.submitted_at, c.verified_at, c.created_at,
              c.version, c.updated_at, p.legal_name
         FROM contractor c LEFT JOIN business_profile p ON p.contractor_id = c.id
        WHERE ${where.join(' AND ')}
        ORDER BY c.created_at DESC, c.id DESC LIMIT ${p(limit + 1)}`,
      params,
    )) as Row[];
    return toPage(rows, limit, contractorView, cursorOf);
  }

  async dashboard(
    tenantId: string,
    today: string,
    withinDays: number,
    itemLimit: number,
  ): Promise<ContractorDashboardView> {
    const counts = (await this.db.manager.query(
      `SELECT status, count(*)::int AS n FROM contractor WHERE tenant_id = $1 GROUP BY status`,
      [tenantId],
    )) as Array<{ status: ContractorStatus; n: number }>;
    const byStatus = Object.fromEntries(CONTRACTOR_STATUSES.map((s) => [s, 0])) as Record<
      ContractorStatus,
      number
    >;
    for (const r of counts) byStatus[r.status] = r.n;

    const [average] = (await this.db.manager.query(
      `SELECT avg(extract(epoch FROM verified_at - created_at))::float8 AS seconds
         FROM contractor WHERE tenant_id = $1 AND status = 'verified' AND verified_at IS NOT NULL`,
      [tenantId],
    )) as Array<{ seconds: number | null }>;

    const expiring = (await this.db.manager.query(
      `WITH items AS (
         SELECT 'license' AS kind, l.id, l.contractor_id, l.expiration_date
           FROM license l WHERE l.tenant_id = $1 AND ${licenseExpiring('$2', '$3')}
         UNION ALL
         SELECT 'insurance_policy', ip.id, ip.contractor_id, ip.expiration_date
           FROM insurance_policy ip WHERE ip.tenant_id = $1 AND ${policyExpiring('$2', '$3')})
       SELECT kind, id, contractor_id, to_char(expiration_date, 'YYYY-MM-DD') AS expiration_date,
              count(*) FILTER (WHERE kind = 'license') OVER ()::int AS licenses,
              count(*) FILTER (WHERE kind = 'insurance_policy') OVER ()::int AS policies
         FROM items ORDER BY expiration_date, kind, id LIMIT $4`,
      [tenantId, today, withinDays, itemLimit],
    )) as Array<{
      kind: ExpiringItemView['kind'];
      id: string;
      contractor_id: string;
      expiration_date: string;
      licenses: number;
      policies: number;
    }>;

    return {
      byStatus,
      expiringWithinDays: withinDays,
      expiring: {
        licenses: expiring[0]?.licenses ?? 0,
        insurancePolicies: expiring[0]?.policies ?? 0,
        items: expiring.map((r) => ({
          kind: r.kind,
          id: r.id,
          contractorId: r.contractor_id,
          expirationDate: r.expiration_date,
        })),
      },
      averageTimeToVerificationSeconds:
        average?.seconds === null || average?.seconds === undefined
          ? null
          : Math.round(Number(average.seconds)),
    };
  }
}
