import { Injectable } from '@nestjs/common';
import { Money } from '@opsledger/ddd';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Invoice, InvoiceStatus } from '../../domain/invoice.aggregate';
import { InvoiceLineItem } from '../../domain/invoice-line-item';
import { InvoiceRepository } from '../../domain/invoice.repository';

interface InvoiceRow {
  id: string;
  tenant_id: string;
  invoice_number: string;
  customer_id: string;
  work_order_id: string | null;
  amount: string;
  tax: string;
  line_items: InvoiceLineItem[];
  status: InvoiceStatus;
  due_date: string | null;
  paid_at: Date | null;
  is_active: boolean;
  created_at: Date;
  version: number;
}

/** Money and dates are read as text: numeric stays exact and a date gains no time zone. */
const COLUMNS = `id, tenant_id, invoice_number, customer_id, work_order_id, amount::text AS amount, tax::text AS tax, line_items,
  status, due_date::text AS due_date, paid_at, is_active, created_at, version`;

@Injectable()
export class SqlInvoiceRepository extends InvoiceRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Invoice | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM invoices WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [id, tenantId],
    )) as InvoiceRow[];
    const row = rows[0];
    if (!row) return null;
    return Invoice.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      invoiceNumber: row.invoice_number,
      customerId: row.customer_id,
      workOrderId: row.work_order_id,
      amount: Money.parse(row.amount),
      tax: Money.parse(row.tax),
      lineItems: row.line_items,
      status: row.status,
      dueDate: row.due_date,
      paidAt: row.paid_at,
      isActive: row.is_active,
      createdAt: row.created_at,
      deleted: false,
    });
  }

  async nextInvoiceNumber(tenantId: string, year: number): Promise<number> {
    // The upsert takes the counter row's lock and keeps it to the end of the transaction: a
    // concurrent creator waits here, then sees the committed value (or the old one after a rollback).
    const rows = (await this.db.manager.query(
      `INSERT INTO invoice_number_counters (tenant_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = invoice_number_counters.last_value + 1
       RETURNING last_value`,
      [tenantId, year],
    )) as Array<{ last_value: number }>;
    return rows[0].last_value;
  }

  async isWorkOrderInvoiced(tenantId: string, workOrderId: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM invoices WHERE tenant_id = $1 AND work_order_id = $2 AND status <> 'void'`,
      [tenantId, workOrderId],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(invoice: Invoice): Promise<void> {
    const s = invoice.snapshot;
    await this.writer.save(
      invoice,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO invoices (id, tenant_id, invoice_number, customer_id, work_order_id, amount, tax, total, line_items, status,
             due_date, paid_at, is_active, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $14, $15)`,
            [
              invoice.id,
              s.tenantId,
              s.invoiceNumber,
              s.customerId,
              s.workOrderId,
              s.amount.toString(),
              s.tax.toString(),
              invoice.total.toString(),
              JSON.stringify(s.lineItems),
              s.status,
              s.dueDate,
              s.paidAt,
              s.isActive,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        if (s.deleted) {
          const deleted = (await manager.query(
            `DELETE FROM invoices WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [invoice.id, s.tenantId, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        const updated = (await manager.query(
          `UPDATE invoices SET amount = $4, tax = $5, total = $6, line_items = $7::jsonb, status = $8, due_date = $9, paid_at = $10,
           is_active = $11, version = $12
         WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            invoice.id,
            s.tenantId,
            expectedVersion,
            s.amount.toString(),
            s.tax.toString(),
            invoice.total.toString(),
            JSON.stringify(s.lineItems),
            s.status,
            s.dueDate,
            s.paidAt,
            s.isActive,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
