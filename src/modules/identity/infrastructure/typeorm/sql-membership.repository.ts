import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Membership } from '../../domain/membership.aggregate';
import { MembershipRepository } from '../../domain/membership.repository';
import { TenantRole } from '../../domain/platform-role';

interface MembershipRow {
  id: string;
  user_id: string;
  tenant_id: string;
  role: TenantRole;
  is_default: boolean;
  joined_at: Date;
  expires_at: Date | null;
  version: number;
}

const SELECT_MEMBERSHIP = `SELECT id, user_id, tenant_id, role, COALESCE(is_default, false) AS is_default, joined_at, expires_at, version
  FROM user_tenants`;

function toDomain(row: MembershipRow): Membership {
  return Membership.rehydrate(row.id, row.version, {
    userId: row.user_id,
    tenantId: row.tenant_id,
    role: row.role,
    isDefault: row.is_default,
    joinedAt: row.joined_at,
    expiresAt: row.expires_at,
    removed: false,
  });
}

@Injectable()
export class SqlMembershipRepository extends MembershipRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByUserAndTenant(userId: string, tenantId: string): Promise<Membership | null> {
    const rows = (await this.db.manager.query(
      `${SELECT_MEMBERSHIP} WHERE user_id = $1 AND tenant_id = $2 FOR UPDATE`,
      [userId, tenantId],
    )) as MembershipRow[];
    return rows[0] ? toDomain(rows[0]) : null;
  }

  async findDefaultOf(userId: string): Promise<Membership | null> {
    const rows = (await this.db.manager.query(
      `${SELECT_MEMBERSHIP} WHERE user_id = $1 AND is_default FOR UPDATE`,
      [userId],
    )) as MembershipRow[];
    return rows[0] ? toDomain(rows[0]) : null;
  }

  async countOtherLiveOwners(tenantId: string, exceptMembershipId: string): Promise<number> {
    // FOR UPDATE re-checks the condition against rows a concurrent transaction just
    // committed, so an owner demoted a moment ago is no longer counted.
    const rows = (await this.db.manager.query(
      `SELECT id FROM user_tenants
        WHERE tenant_id = $1 AND role = 'owner' AND id <> $2 AND (expires_at IS NULL OR expires_at > now())
        ORDER BY id FOR UPDATE`,
      [tenantId, exceptMembershipId],
    )) as unknown[];
    return rows.length;
  }

  async save(membership: Membership): Promise<void> {
    const s = membership.snapshot;
    await this.writer.save(
      membership,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO user_tenants (id, user_id, tenant_id, role, is_default, joined_at, expires_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              membership.id,
              s.userId,
              s.tenantId,
              s.role,
              s.isDefault,
              s.joinedAt,
              s.expiresAt,
              nextVersion,
            ],
          );
          return true;
        }
        if (s.removed) {
          const deleted = (await manager.query(
            `DELETE FROM user_tenants WHERE id = $1 AND version = $2 RETURNING id`,
            [membership.id, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        const updated = (await manager.query(
          `UPDATE user_tenants SET role = $3, is_default = $4, expires_at = $5, version = $6
          WHERE id = $1 AND version = $2 RETURNING id`,
          [membership.id, expectedVersion, s.role, s.isDefault, s.expiresAt, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
