import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { EntityManager } from 'typeorm';
import { Organization } from '../../domain/organization.aggregate';
import { OrganizationRepository } from '../../domain/organization.repository';
import { OrganizationRole } from '../../domain/organization-role';

interface OrganizationRow {
  id: string;
  tenant_id: string;
  name: string;
  slug: string;
  description: string | null;
  is_active: boolean;
  created_at: Date;
  version: number;
}

interface MemberRow {
  id: string;
  user_id: string;
  role: OrganizationRole;
  joined_at: Date;
}

@Injectable()
export class SqlOrganizationRepository extends OrganizationRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Organization | null> {
    const manager = this.db.manager;
    const rows = (await manager.query(
      `SELECT id, tenant_id, name, slug, description, COALESCE(is_active, true) AS is_active, created_at, version
         FROM organizations WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [id, tenantId],
    )) as OrganizationRow[];
    const row = rows[0];
    if (!row) return null;
    const members = (await manager.query(
      `SELECT id, user_id, role, joined_at FROM user_organizations WHERE organization_id = $1 AND tenant_id = $2 ORDER BY joined_at, id`,
      [row.id, tenantId],
    )) as MemberRow[];
    return Organization.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      name: row.name,
      slug: row.slug,
      description: row.description,
      isActive: row.is_active,
      createdAt: row.created_at,
      members: members.map((m) => ({
        id: m.id,
        userId: m.user_id,
        role: m.role,
        joinedAt: m.joined_at,
      })),
    });
  }

  async findByMember(tenantId: string, userId: string): Promise<Organization[]> {
    const rows = (await this.db.manager.query(
      `SELECT organization_id FROM user_organizations WHERE tenant_id = $1 AND user_id = $2 ORDER BY organization_id`,
      [tenantId, userId],
    )) as Array<{ organization_id: string }>;
    const organizations: Organization[] = [];
    for (const row of rows) {
      const organization = await this.findById(tenantId, row.organization_id);
      if (organization) organizations.push(organization);
    }
    return organizations;
  }

  async slugExists(tenantId: string, slug: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM organizations WHERE tenant_id = $1 AND slug = $2`,
      [tenantId, slug],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(organization: Organization): Promise<void> {
    const s = organization.snapshot;
    await this.writer.save(
      organization,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO organizations (id, tenant_id, name, slug, description, is_active, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
            [
              organization.id,
              s.tenantId,
              s.name,
              s.slug,
              s.description,
              s.isActive,
              s.createdAt,
              nextVersion,
            ],
          );
        } else {
          // The row's version guards the member rows too: adding a member bumps it.
          const updated = (await manager.query(
            `UPDATE organizations SET name = $4, description = $5, is_active = $6, version = $7
            WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [
              organization.id,
              s.tenantId,
              expectedVersion,
              s.name,
              s.description,
              s.isActive,
              nextVersion,
            ],
          )) as [unknown[], number];
          if (updated[1] !== 1) return false;
        }
        await this.writeMembers(manager, organization);
        return true;
      },
    );
  }

  private async writeMembers(manager: EntityManager, organization: Organization): Promise<void> {
    const s = organization.snapshot;
    for (const member of s.members) {
      if (member.dirty === 'new') {
        await manager.query(
          `INSERT INTO user_organizations (id, tenant_id, user_id, organization_id, role, joined_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [member.id, s.tenantId, member.userId, organization.id, member.role, member.joinedAt],
        );
        member.dirty = undefined;
      } else if (member.dirty === 'removed') {
        // Stays marked: hasMember() ignores it, and deleting it again later is a no-op.
        await manager.query(`DELETE FROM user_organizations WHERE id = $1 AND tenant_id = $2`, [
          member.id,
          s.tenantId,
        ]);
      }
    }
  }
}
