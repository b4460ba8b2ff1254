import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { QueryFailedError } from 'typeorm';
import { CustomerAddress } from '../../domain/customer-address';
import { Customer } from '../../domain/customer.aggregate';
import { CustomerInUseError } from '../../domain/customer.errors';
import { CustomerStatus } from '../../domain/customer-lifecycle';
import { CustomerRepository } from '../../domain/customer.repository';

interface CustomerRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  email: string;
  phone: string | null;
  company_name: string | null;
  billing_address: CustomerAddress | null;
  service_address: CustomerAddress | null;
  status: CustomerStatus;
  created_at: Date;
  version: number;
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

@Injectable()
export class SqlCustomerRepository extends CustomerRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Customer | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, tenant_id, user_id, email, phone, company_name, billing_address, service_address, status, created_at, version
         FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as CustomerRow[];
    const row = rows[0];
    if (!row) return null;
    return Customer.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      userId: row.user_id,
      email: row.email,
      phone: row.phone,
      companyName: row.company_name,
      billingAddress: row.billing_address,
      serviceAddress: row.service_address,
      status: row.status,
      createdAt: row.created_at,
    });
  }

  async emailTaken(tenantId: string, email: string, exceptId?: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM customers WHERE tenant_id = $1 AND email = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [tenantId, email, exceptId ?? null],
    )) as unknown[];
    return rows.length > 0;
  }

  async hasDependents(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT EXISTS (SELECT 1 FROM work_orders WHERE tenant_id = $1 AND customer_id = $2)
           OR EXISTS (SELECT 1 FROM invoices WHERE tenant_id = $1 AND customer_id = $2)
           OR EXISTS (SELECT 1 FROM contracts WHERE tenant_id = $1 AND customer_id = $2) AS used`,
      [tenantId, id],
    )) as Array<{ used: boolean }>;
    return rows[0].used;
  }

  async acceptsWorkOrders(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2 AND status = 'active' AND is_active`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async portalUserLinkedElsewhere(
    tenantId: string,
    userId: string,
    customerId: string,
  ): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT EXISTS (SELECT 1 FROM customers WHERE tenant_id = $1 AND user_id = $2 AND id <> $3)
           OR EXISTS (SELECT 1 FROM technicians WHERE tenant_id = $1 AND user_id = $2) AS linked`,
      [tenantId, userId, customerId],
    )) as Array<{ linked: boolean }>;
    return rows[0].linked;
  }

  async findIdByPortalUser(tenantId: string, userId: string): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM customers WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  async save(customer: Customer): Promise<void> {
    const s = customer.snapshot;
    await this.writer.save(
      customer,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO customers (id, tenant_id, user_id, email, phone, company_name, billing_address, service_address,
             is_active, status, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)`,
            [
              customer.id,
              s.tenantId,
              s.userId,
              s.email,
              s.phone,
              s.companyName,
              json(s.billingAddress),
              json(s.serviceAddress),
              customer.isActive,
              s.status,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        if (customer.isRemoved) {
          try {
            const deleted = (await manager.query(
              `DELETE FROM customers WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
              [customer.id, s.tenantId, expectedVersion],
            )) as [unknown[], number];
            return deleted[1] === 1;
          } catch (error) {
            // a work order, invoice or contract arrived after the check
            if (
              error instanceof QueryFailedError &&
              (error.driverError as { code?: string }).code === '23503'
            )
              throw new CustomerInUseError();
            throw error;
          }
        }
        const updated = (await manager.query(
          `UPDATE customers SET user_id = $4, email = $5, phone = $6, company_name = $7, billing_address = $8, service_address = $9,
                is_active = $10, status = $11, version = $12
          WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            customer.id,
            s.tenantId,
            expectedVersion,
            s.userId,
            s.email,
            s.phone,
            s.companyName,
            json(s.billingAddress),
            json(s.serviceAddress),
            customer.isActive,
            s.status,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
