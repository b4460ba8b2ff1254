import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { TenantMemberView, TenantView } from '../../application/queries/tenant.read-model';
import { TenantReader } from '../../application/queries/tenant.reader';
import { settingsOf } from './sql-tenant.repository';

interface TenantRow {
  id: string;
  name: string;
  slug: string | null;
  domain: string | null;
  settings: Record<string, unknown> | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface MemberRow {
  id: string;
  tenant_id: string;
  user_id: string;
  email: string;
  full_name: string | null;
  role: string;
  is_default: boolean;
  joined_at: Date;
  expires_at: Date | null;
  version: number;
}

const TENANT_COLUMNS = `t.id, t.name, t.slug, t.domain, t.settings, COALESCE(t.is_active, true) AS is_active, t.created_at, t.updated_at, t.version`;
const MEMBER_OF = `($2::uuid IS NULL OR EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.tenant_id = t.id AND ut.user_id = $2::uuid))`;
const MEMBER_COLUMNS = `ut.id, ut.tenant_id, ut.user_id, u.email, u.full_name, ut.role, COALESCE(ut.is_default, false) AS is_default,
  ut.joined_at, ut.expires_at, ut.version`;

const toTenant = (r: TenantRow): TenantView => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  domain: r.domain,
  settings: settingsOf(r.settings),
  isActive: r.is_active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toMember = (r: MemberRow): TenantMemberView => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  email: r.email,
  fullName: r.full_name,
  role: r.role,
  isDefault: r.is_default,
  joinedAt: r.joined_at,
  expiresAt: r.expires_at,
  version: r.version,
});

/** Tenants visible to their members (or to everyone for a null member); PostgreSQL's policies agree. */
@Injectable()
export class SqlTenantReader extends TenantReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getTenant(id: string, memberId: string | null): Promise<TenantView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${TENANT_COLUMNS} FROM tenants t WHERE t.id = $1 AND ${MEMBER_OF}`,
      [id, memberId],
    )) as TenantRow[];
    return rows[0] ? toTenant(rows[0]) : null;
  }

  async listTenants(
    memberId: string | null,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<TenantView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${TENANT_COLUMNS}, to_char(t.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM tenants t
        WHERE ($1::timestamp IS NULL OR (t.created_at, t.id) > ($1::timestamp, $3::uuid)) AND ${MEMBER_OF}
        ORDER BY t.created_at, t.id LIMIT $4`,
      [after?.[0] ?? null, memberId, after?.[1] ?? null, limit + 1],
    )) as Array<TenantRow & { cursor_at: string }>;
    return toPage(rows, limit, toTenant, (r) => [r.cursor_at, r.id]);
  }

  async getMember(tenantId: string, userId: string): Promise<TenantMemberView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM user_tenants ut JOIN users u ON u.id = ut.user_id WHERE ut.tenant_id = $1 AND ut.user_id = $2`,
      [tenantId, userId],
    )) as MemberRow[];
    return rows[0] ? toMember(rows[0]) : null;
  }

  async listMembers(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<TenantMemberView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${MEMBER_COLUMNS}, to_char(ut.joined_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM user_tenants ut JOIN users u ON u.id = ut.user_id
        WHERE ut.tenant_id = $1 AND ($2::timestamp IS NULL OR (ut.joined_at, ut.id) > ($2::timestamp, $3::uuid))
        ORDER BY ut.joined_at, ut.id LIMIT $4`,
      [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<MemberRow & { cursor_at: string }>;
    return toPage(rows, limit, toMember, (r) => [r.cursor_at, r.id]);
  }
}
