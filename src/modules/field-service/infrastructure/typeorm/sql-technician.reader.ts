import { Injectable } from '@nestjs/common';
import { decodeSortedCursor, Page, toPage } from '@opsledger/http';
import { Db, ilikePattern } from '@opsledger/persistence';
import {
  TechnicianFilter,
  TechnicianListOptions,
  TechnicianSort,
  TechnicianView,
} from '../../application/queries/technician.read-model';
import { TechnicianReader } from '../../application/queries/technician.reader';
import { TechnicianAvailability, TechnicianStatus } from '../../domain/technician-lifecycle';
import { TechnicianCertification } from '../../domain/technician-qualifications';
import { BOOKING_STATUSES } from '../../domain/work-order-lifecycle';

interface TechnicianRow {
  id: string;
  tenant_id: string;
  license_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  hourly_rate: string;
  certifications: TechnicianCertification[];
  skills: string[];
  user_id: string | null;
  is_active: boolean;
  status: TechnicianStatus;
  availability: TechnicianAvailability;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `t.id, t.tenant_id, t.license_number, t.first_name, t.last_name, t.email, t.phone, t.hourly_rate::text AS hourly_rate,
  t.certifications, t.skills, t.user_id, t.is_active, t.status, t.availability, t.created_at, t.updated_at, t.version`;

const SORT_KEYS: Record<TechnicianSort, { key: string; cast: string }> = {
  createdAt: { key: 't.created_at', cast: 'timestamptz' },
  lastName: { key: 't.last_name', cast: 'text' },
  licenseNumber: { key: 't.license_number', cast: 'text' },
};

const toView = (r: TechnicianRow): TechnicianView => ({
  id: r.id,
  tenantId: r.tenant_id,
  licenseNumber: r.license_number,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  hourlyRate: r.hourly_rate,
  certifications: r.certifications,
  skills: r.skills,
  userId: r.user_id,
  isActive: r.is_active,
  status: r.status,
  availability: r.availability,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

@Injectable()
export class SqlTechnicianReader extends TechnicianReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getTechnician(tenantId: string, id: string): Promise<TechnicianView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM technicians t WHERE t.tenant_id = $1 AND t.id = $2`,
      [tenantId, id],
    )) as TechnicianRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listTechnicians(
    tenantId: string,
    filter: TechnicianFilter,
    options: TechnicianListOptions,
  ): Promise<Page<TechnicianView>> {
    const params: unknown[] = [tenantId];
    const where = ['t.tenant_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.q !== undefined) {
      const p = param(ilikePattern(filter.q));
      where.push(
        `(t.first_name ILIKE ${p} OR t.last_name ILIKE ${p} OR t.license_number ILIKE ${p} OR t.email ILIKE ${p})`,
      );
    }
    // containment, so the GIN index on skills (jsonb_path_ops) answers it
    if (filter.skill !== undefined)
      where.push(`t.skills @> jsonb_build_array(${param(filter.skill)}::text)`);
    if (filter.availability !== undefined)
      where.push(`t.availability = ${param(filter.availability)}`);
    if (filter.status !== undefined) where.push(`t.status = ${param(filter.status)}`);
    if (filter.isActive !== undefined) where.push(`t.is_active = ${param(filter.isActive)}`);
    if (filter.window) {
      // the same test the exclusion constraint applies when the technician is booked
      where.push(`t.is_active AND t.status = 'active' AND NOT EXISTS (
        SELECT 1 FROM work_orders w
         WHERE w.tenant_id = t.tenant_id AND w.assigned_technician_id = t.id AND w.is_active
           AND w.status = ANY(${param(BOOKING_STATUSES)}::text[])
           AND w.scheduled_start IS NOT NULL AND w.scheduled_end IS NOT NULL
           AND tstzrange(w.scheduled_start, w.scheduled_end, '[)') && tstzrange(${param(filter.window.from)}::timestamptz, ${param(filter.window.to)}::timestamptz, '[)'))`);
    }
    const { key, cast } = SORT_KEYS[options.sort];
    const descending = options.order === 'desc';
    const after = decodeSortedCursor(options.cursor, options.sort, options.order);
    if (after)
      where.push(
        `(${key}, t.id) ${descending ? '<' : '>'} (${param(after[0])}::${cast}, ${param(after[1])}::uuid)`,
      );
    const direction = descending ? 'DESC' : 'ASC';
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, (${key})::text AS sort_key FROM technicians t
        WHERE ${where.join(' AND ')}
        ORDER BY ${key} ${direction}, t.id ${direction} LIMIT ${param(options.limit + 1)}`,
      params,
    )) as Array<TechnicianRow & { sort_key: string }>;
    return toPage(rows, options.limit, toView, (r) => [
      options.sort,
      options.order,
      r.sort_key,
      r.id,
    ]);
  }
}
