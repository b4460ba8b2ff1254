import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  OrganizationMemberView,
  OrganizationView,
} from '../../application/queries/organization.read-model';
import { OrganizationReader } from '../../application/queries/organization.reader';

interface OrganizationRow {
  id: string;
  tenant_id: string;
  name: string;
  slug: string;
  description: string | null;
  is_active: boolean;
  member_count: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface MemberRow {
  organization_id: string;
  user_id: string;
  email: string;
  full_name: string | null;
  role: string;
  joined_at: Date;
}

const ORGANIZATION_COLUMNS = `o.id, o.tenant_id, o.name, o.slug, o.description, COALESCE(o.is_active, true) AS is_active,
  (SELECT count(*)::int FROM user_organizations uo WHERE uo.organization_id = o.id) AS member_count,
  o.created_at, o.updated_at, o.version`;
const MEMBER_COLUMNS = `uo.organization_id, uo.user_id, u.email, u.full_name, uo.role, uo.joined_at`;

const toOrganization = (r: OrganizationRow): OrganizationView => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  slug: r.slug,
  description: r.description,
  isActive: r.is_active,
  memberCount: r.member_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toMember = (r: MemberRow): OrganizationMemberView => ({
  organizationId: r.organization_id,
  userId: r.user_id,
  email: r.email,
  fullName: r.full_name,
  role: r.role,
  joinedAt: r.joined_at,
});

/** Every query names its tenant; row-level security enforces the same boundary again. */
@Injectable()
export class SqlOrganizationReader extends OrganizationReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getOrganization(tenantId: string, id: string): Promise<OrganizationView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM organizations o WHERE o.tenant_id = $1 AND o.id = $2`,
      [tenantId, id],
    )) as OrganizationRow[];
    return rows[0] ? toOrganization(rows[0]) : null;
  }

  async listOrganizations(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OrganizationView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${ORGANIZATION_COLUMNS}, to_char(o.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM organizations o
        WHERE o.tenant_id = $1 AND ($2::timestamp IS NULL OR (o.created_at, o.id) > ($2::timestamp, $3::uuid))
        ORDER BY o.created_at, o.id LIMIT $4`,
      [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<OrganizationRow & { cursor_at: string }>;
    return toPage(rows, limit, toOrganization, (r) => [r.cursor_at, r.id]);
  }

  async getMember(
    tenantId: string,
    organizationId: string,
    userId: string,
  ): Promise<OrganizationMemberView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM user_organizations uo JOIN users u ON u.id = uo.user_id
        WHERE uo.tenant_id = $1 AND uo.organization_id = $2 AND uo.user_id = $3`,
      [tenantId, organizationId, userId],
    )) as MemberRow[];
    return rows[0] ? toMember(rows[0]) : null;
  }

  async listMembers(
    tenantId: string,
    organizationId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OrganizationMemberView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${MEMBER_COLUMNS}, uo.id, to_char(uo.joined_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM user_organizations uo JOIN users u ON u.id = uo.user_id
        WHERE uo.tenant_id = $1 AND uo.organization_id = $2
          AND ($3::timestamp IS NULL OR (uo.joined_at, uo.id) > ($3::timestamp, $4::uuid))
        ORDER BY uo.joined_at, uo.id LIMIT $5`,
      [tenantId, organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<MemberRow & { id: string; cursor_at: string }>;
    return toPage(rows, limit, toMember, (r) => [r.cursor_at, r.id]);
  }
}
