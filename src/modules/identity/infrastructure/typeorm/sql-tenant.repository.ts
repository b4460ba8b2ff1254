import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { DEFAULT_TENANT_SETTINGS, Tenant, TenantSettings } from '../../domain/tenant.aggregate';
import { TenantRepository } from '../../domain/tenant.repository';

interface TenantRow {
  id: string;
  name: string;
  slug: string | null;
  domain: string | null;
  settings: Record<string, unknown> | null;
  is_active: boolean;
  created_at: Date;
  version: number;
}

/** Settings written before a key existed read back with that key's default. */
export function settingsOf(raw: Record<string, unknown> | null): TenantSettings {
  return {
    selfSignup:
      typeof raw?.selfSignup === 'boolean' ? raw.selfSignup : DEFAULT_TENANT_SETTINGS.selfSignup,
  };
}

@Injectable()
export class SqlTenantRepository extends TenantRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<Tenant | null> {
    // Locked: member admissions and (de)activation of one tenant are serialised.
    const rows = (await this.db.manager.query(
      `SELECT id, name, slug, domain, settings, COALESCE(is_active, true) AS is_active, created_at, version
         FROM tenants WHERE id = $1 FOR UPDATE`,
      [id],
    )) as TenantRow[];
    const row = rows[0];
    if (!row) return null;
    return Tenant.rehydrate(row.id, row.version, {
      name: row.name,
      slug: row.slug ?? '',
      domain: row.domain,
      settings: settingsOf(row.settings),
      isActive: row.is_active,
      createdAt: row.created_at,
    });
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    const rows = (await this.db.manager.query(`SELECT id FROM tenants WHERE slug = $1`, [
      slug,
    ])) as Array<{ id: string }>;
    return rows[0] ? this.findById(rows[0].id) : null;
  }

  async slugExists(slug: string): Promise<boolean> {
    const rows = (await this.db.manager.query(`SELECT 1 FROM tenants WHERE slug = $1`, [
      slug,
    ])) as unknown[];
    return rows.length > 0;
  }

  async save(tenant: Tenant): Promise<void> {
    const s = tenant.snapshot;
    await this.writer.save(
      tenant,
      tenant.id,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO tenants (id, name, slug, domain, settings, is_active, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $7, $8)`,
            [
              tenant.id,
              s.name,
              s.slug,
              s.domain,
              JSON.stringify(s.settings),
              s.isActive,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE tenants SET name = $3, domain = $4, settings = $5::jsonb, is_active = $6, version = $7
          WHERE id = $1 AND version = $2 RETURNING id`,
          [
            tenant.id,
            expectedVersion,
            s.name,
            s.domain,
            JSON.stringify(s.settings),
            s.isActive,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
