import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { MembershipReader, MembershipView } from '../../application/queries/membership.reader';

interface Row {
  id: string;
  user_id: string;
  tenant_id: string;
  tenant_name: string;
  tenant_slug: string | null;
  role: string;
  is_default: boolean;
  joined_at: Date;
  expires_at: Date | null;
  tenant_active: boolean;
}

const SELECT = `SELECT ut.id, ut.user_id, ut.tenant_id, t.name AS tenant_name, t.slug AS tenant_slug, ut.role,
  COALESCE(ut.is_default, false) AS is_default, ut.joined_at, ut.expires_at, COALESCE(t.is_active, true) AS tenant_active
  FROM user_tenants ut JOIN tenants t ON t.id = ut.tenant_id`;

const toView = (r: Row): MembershipView => ({
  id: r.id,
  userId: r.user_id,
  tenantId: r.tenant_id,
  tenantName: r.tenant_name,
  tenantSlug: r.tenant_slug,
  role: r.role,
  isDefault: r.is_default,
  joinedAt: r.joined_at,
  expiresAt: r.expires_at,
  tenantActive: r.tenant_active,
});

@Injectable()
export class SqlMembershipReader extends MembershipReader {
  constructor(private readonly db: Db) {
    super();
  }

  async forUser(userId: string): Promise<MembershipView[]> {
    return this.db.read(async () => {
      const rows = (await this.db.manager.query(
        `${SELECT} WHERE ut.user_id = $1 ORDER BY ut.is_default DESC, ut.joined_at`,
        [userId],
      )) as Row[];
      return rows.map(toView);
    });
  }

  async find(userId: string, tenantId: string): Promise<MembershipView | null> {
    return this.db.read(async () => {
      const rows = (await this.db.manager.query(
        `${SELECT} WHERE ut.user_id = $1 AND ut.tenant_id = $2`,
        [userId, tenantId],
      )) as Row[];
      return rows[0] ? toView(rows[0]) : null;
    });
  }
}
