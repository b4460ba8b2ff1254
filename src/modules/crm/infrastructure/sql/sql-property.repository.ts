import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { PropertyStatus } from '../../domain/events/property.events';
import { Property } from '../../domain/property.aggregate';
import { PropertyRepository } from '../../domain/property.repository';
import { PROPERTY_COLUMNS, PropertyRow } from './crm-rows.sql';

@Injectable()
export class SqlPropertyRepository extends PropertyRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findLive(tenantId: string, id: string): Promise<Property | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PROPERTY_COLUMNS} FROM re_properties WHERE tenant_id = $1 AND id = $2 AND NOT is_deleted FOR UPDATE`,
      [tenantId, id],
    )) as PropertyRow[];
    const r = rows[0];
    if (!r) return null;
    return Property.rehydrate(r.id, r.version, {
      userId: r.user_id,
      tenantId: r.tenant_id,
      addressLine1: r.address_line_1,
      addressLine2: r.address_line_2,
      city: r.city,
      state: r.state,
      zip: r.zip,
      bedrooms: r.bedrooms,
      bathrooms: r.bathrooms === null ? null : Number(r.bathrooms),
      squareFeet: r.square_feet,
      lotSize: r.lot_size,
      yearBuilt: r.year_built,
      purchasePrice: r.purchase_price,
      arv: r.arv,
      status: (r.status ?? 'active') as PropertyStatus,
      propertyType: r.property_type,
      mlsId: r.mls_id,
      notes: r.notes,
      isDeleted: r.is_deleted,
      deletedAt: r.deleted_at,
      createdAt: r.created_at,
    });
  }

  async isVisible(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM re_properties WHERE tenant_id = $1 AND id = $2 AND NOT is_deleted`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(property: Property): Promise<void> {
    const s = property.snapshot;
    const values = [
      s.addressLine1,
      s.addressLine2,
      s.city,
      s.state,
      s.zip,
      s.bedrooms,
      s.bathrooms,
      s.squareFeet,
      s.lotSize,
      s.yearBuilt,
      s.purchasePrice,
      s.arv,
      s.status,
      s.propertyType,
      s.mlsId,
      s.notes,
      s.isDeleted,
      s.deletedAt,
    ];
    await this.writer.save(
      property,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO re_properties (id, user_id, tenant_id, address_line_1, address_line_2, city, state, zip,
               bedrooms, bathrooms, square_feet, lot_size, year_built, purchase_price, arv, status, property_type,
               mls_id, notes, is_deleted, deleted_at, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23)`,
            [property.id, s.userId, s.tenantId, ...values, s.createdAt, nextVersion],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE re_properties SET address_line_1 = $4, address_line_2 = $5, city = $6, state = $7, zip = $8,
             bedrooms = $9, bathrooms = $10, square_feet = $11, lot_size = $12, year_built = $13,
             purchase_price = $14, arv = $15, status = $16, property_type = $17, mls_id = $18, notes = $19,
             is_deleted = $20, deleted_at = $21, version = $22
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [property.id, s.tenantId, expectedVersion, ...values, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
