import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db, ilikePattern } from '@opsledger/persistence';
import { SessionView, UserListFilter, UserView } from '../../application/queries/user.read-model';
import { IdentityReader } from '../../application/queries/identity.reader';

interface UserRow {
  id: string;
  email: string;
  username: string | null;
  full_name: string | null;
  role: string;
  is_active: boolean;
  is_email_verified: boolean;
  email_verified_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const USER_COLUMNS = `u.id, u.email, u.username, u.full_name, COALESCE(p.role::text, 'user') AS role, COALESCE(u.is_active, true) AS is_active,
  COALESCE(u.is_email_verified, false) AS is_email_verified, u.email_verified_at, u.last_login_at, u.created_at, u.updated_at, u.version`;

const toUser = (r: UserRow): UserView => ({
  id: r.id,
  email: r.email,
  username: r.username,
  fullName: r.full_name,
  role: r.role,
  isActive: r.is_active,
  isEmailVerified: r.is_email_verified,
  emailVerifiedAt: r.email_verified_at,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/**
 * Users are visible to their tenant (through a membership) and to themselves; the
 * application applies that rule here, and PostgreSQL's policies apply it again.
 */
@Injectable()
export class SqlIdentityReader extends IdentityReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getUser(
    id: string,
    tenantId: string | null,
    viewerId: string | null,
  ): Promise<UserView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN profiles p ON p.id = u.id
        WHERE u.id = $1 AND ($2::uuid IS NULL OR u.id = $3::uuid
              OR EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id = $2::uuid))`,
      [id, tenantId, viewerId],
    )) as UserRow[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  async listUsers(
    filter: UserListFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<UserView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.tenantId)
      where.push(
        `EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id = ${param(filter.tenantId)}::uuid)`,
      );
    if (filter.onlyUserId) where.push(`u.id = ${param(filter.onlyUserId)}::uuid`);
    if (filter.search) {
      const p = param(ilikePattern(filter.search));
      where.push(`(u.email ILIKE ${p} OR u.username ILIKE ${p} OR u.full_name ILIKE ${p})`);
    }
    if (filter.isActive !== undefined)
      where.push(`COALESCE(u.is_active, true) = ${param(filter.isActive)}`);
    if (filter.role) where.push(`p.role::text = ${param(filter.role)}`);
    if (after)
      where.push(
        `(u.created_at, u.id) > (${param(after[0])}::timestamp, ${param(after[1])}::uuid)`,
      );
    const rows = (await this.db.manager.query(
      `SELECT ${USER_COLUMNS}, to_char(u.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM users u LEFT JOIN profiles p ON p.id = u.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY u.created_at, u.id LIMIT ${param(limit + 1)}`,
      params,
    )) as Array<UserRow & { cursor_at: string }>;
    return toPage(rows, limit, toUser, (r) => [r.cursor_at, r.id]);
  }

  async listSessions(
    userId: string,
    includeEnded: boolean,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<SessionView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, tenant_id, host(ip_address) AS ip_address, user_agent, created_at, last_used_at, expires_at, revoked_at,
              revoked_reason, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at
         FROM user_sessions
        WHERE user_id = $1 AND ($2 OR (revoked_at IS NULL AND expires_at > now()))
          AND ($3::timestamp IS NULL OR (created_at, id) < ($3::timestamp, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [userId, includeEnded, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<{
      id: string;
      user_id: string;
      tenant_id: string | null;
      ip_address: string | null;
      user_agent: string | null;
      created_at: Date;
      last_used_at: Date | null;
      expires_at: Date;
      revoked_at: Date | null;
      revoked_reason: string | null;
      cursor_at: string;
    }>;
    return toPage(
      rows,
      limit,
      (r): SessionView => ({
        id: r.id,
        userId: r.user_id,
        tenantId: r.tenant_id,
        ipAddress: r.ip_address,
        userAgent: r.user_agent,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        revokedReason: r.revoked_reason,
      }),
      (r) => [r.cursor_at, r.id],
    );
  }
}
