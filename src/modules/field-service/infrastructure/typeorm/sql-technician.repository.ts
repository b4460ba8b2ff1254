import { Injectable } from '@nestjs/common';
import { Money } from '@opsledger/ddd';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { QueryFailedError } from 'typeorm';
import { Technician } from '../../domain/technician.aggregate';
import { TechnicianInUseError } from '../../domain/technician.errors';
import { TechnicianAvailability, TechnicianStatus } from '../../domain/technician-lifecycle';
import { TechnicianCertification } from '../../domain/technician-qualifications';
import { TechnicianRepository } from '../../domain/technician.repository';

interface TechnicianRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  license_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  hourly_rate: string;
  certifications: TechnicianCertification[];
  skills: string[];
  status: TechnicianStatus;
  availability: TechnicianAvailability;
  created_at: Date;
  version: number;
}

@Injectable()
export class SqlTechnicianRepository extends TechnicianRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Technician | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, tenant_id, user_id, license_number, first_name, last_name, email, phone, hourly_rate::text AS hourly_rate,
              certifications, skills, status, availability, created_at, version
         FROM technicians WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as TechnicianRow[];
    const row = rows[0];
    if (!row) return null;
    return Technician.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      userId: row.user_id,
      licenseNumber: row.license_number,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      hourlyRate: Money.parse(row.hourly_rate, 'hourlyRate'),
      certifications: row.certifications,
      skills: row.skills,
      status: row.status,
      availability: row.availability,
      createdAt: row.created_at,
    });
  }

  async licenseTaken(tenantId: string, licenseNumber: string, exceptId?: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM technicians WHERE tenant_id = $1 AND license_number = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [tenantId, licenseNumber, exceptId ?? null],
    )) as unknown[];
    return rows.length > 0;
  }

  async hasWorkOrders(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM work_orders WHERE tenant_id = $1 AND assigned_technician_id = $2 LIMIT 1`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async isAssignable(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM technicians WHERE tenant_id = $1 AND id = $2 AND status = 'active' AND is_active`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async portalUserLinkedElsewhere(
    tenantId: string,
    userId: string,
    technicianId: string,
  ): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT EXISTS (SELECT 1 FROM technicians WHERE tenant_id = $1 AND user_id = $2 AND id <> $3)
           OR EXISTS (SELECT 1 FROM customers WHERE tenant_id = $1 AND user_id = $2) AS linked`,
      [tenantId, userId, technicianId],
    )) as Array<{ linked: boolean }>;
    return rows[0].linked;
  }

  async hourlyRateOf(tenantId: string, id: string): Promise<Money | null> {
    const rows = (await this.db.manager.query(
      `SELECT hourly_rate::text AS rate FROM technicians WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as Array<{ rate: string }>;
    return rows[0] ? Money.parse(rows[0].rate, 'hourlyRate') : null;
  }

  async findIdByPortalUser(tenantId: string, userId: string): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM technicians WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  async save(technician: Technician): Promise<void> {
    const s = technician.snapshot;
    const columns = [
      s.userId,
      s.licenseNumber,
      s.firstName,
      s.lastName,
      s.email,
      s.phone,
      s.hourlyRate.toString(),
      JSON.stringify(s.certifications),
      JSON.stringify(s.skills),
      technician.isActive,
      s.status,
      s.availability,
    ];
    await this.writer.save(
      technician,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO technicians (id, tenant_id, user_id, license_number, first_name, last_name, email, phone, hourly_rate,
             certifications, skills, is_active, status, availability, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)`,
            [technician.id, s.tenantId, ...columns, s.createdAt, nextVersion],
          );
          return true;
        }
        if (technician.isRemoved) {
          try {
            const deleted = (await manager.query(
              `DELETE FROM technicians WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
              [technician.id, s.tenantId, expectedVersion],
            )) as [unknown[], number];
            return deleted[1] === 1;
          } catch (error) {
            // a work order was assigned after the check
            if (
              error instanceof QueryFailedError &&
              (error.driverError as { code?: string }).code === '23503'
            )
              throw new TechnicianInUseError();
            throw error;
          }
        }
        const updated = (await manager.query(
          `UPDATE technicians SET user_id = $4, license_number = $5, first_name = $6, last_name = $7, email = $8, phone = $9,
                hourly_rate = $10, certifications = $11, skills = $12, is_active = $13, status = $14, availability = $15, version = $16
          WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [technician.id, s.tenantId, expectedVersion, ...columns, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
