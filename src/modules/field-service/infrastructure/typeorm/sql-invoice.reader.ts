import { Injectable } from '@nestjs/common';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { InvoiceStatus } from '../../domain/invoice.aggregate';
import { InvoiceLineItem } from '../../domain/invoice-line-item';
import {
  InvoiceListFilter,
  InvoiceScope,
  InvoiceSort,
  InvoiceSortKey,
  InvoiceView,
} from '../../application/queries/invoice.read-model';
import { InvoiceReader } from '../../application/queries/invoice.reader';
import { keysetPage, SortType, sortOf, SqlConditions } from './billing-list.sql';

interface InvoiceRow {
  id: string;
  invoice_number: string;
  customer_id: string;
  work_order_id: string | null;
  amount: string;
  tax: string;
  total: string;
  line_items: InvoiceLineItem[];
  status: InvoiceStatus;
  due_date: string | null;
  paid_at: Date | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `x.id, x.invoice_number, x.customer_id, x.work_order_id, x.amount::text AS amount, x.tax::text AS tax, x.total::text AS total,
  x.line_items, x.status, x.due_date::text AS due_date, x.paid_at, x.is_active, x.created_at, x.updated_at, x.version`;

/** Invoices without a due date sort after every dated one. */
const SORTS: Record<InvoiceSortKey, { expr: string; type: SortType }> = {
  createdAt: { expr: 'x.created_at', type: 'timestamptz' },
  dueDate: { expr: `COALESCE(x.due_date, 'infinity'::date)`, type: 'date' },
  invoiceNumber: { expr: 'x.invoice_number', type: 'text' },
  total: { expr: 'x.total', type: 'numeric' },
};

const toView = (r: InvoiceRow): InvoiceView => ({
  id: r.id,
  invoiceNumber: r.invoice_number,
  customerId: r.customer_id,
  workOrderId: r.work_order_id,
  amount: r.amount,
  tax: r.tax,
  total: r.total,
  lineItems: r.line_items,
  status: r.status,
  dueDate: r.due_date,
  paidAt: r.paid_at,
  isActive: r.is_active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/**
 * The tenant's invoices; for a customer only its own and none in draft (a draft has not been
 * issued). PostgreSQL's tenant policy applies the tenant rule a second time.
 */
@Injectable()
export class SqlInvoiceReader extends InvoiceReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getInvoice(scope: InvoiceScope, id: string): Promise<InvoiceView | null> {
    const conditions = this.scoped(scope);
    conditions.add(`x.id = ${conditions.param(id)}`);
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM invoices x WHERE ${conditions.where.join(' AND ')}`,
      conditions.params,
    )) as InvoiceRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  listInvoices(
    scope: InvoiceScope,
    filter: InvoiceListFilter,
    sort: InvoiceSort,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InvoiceView>> {
    const conditions = this.scoped(scope);
    if (filter.status) conditions.add(`x.status = ${conditions.param(filter.status)}`);
    if (filter.customerId)
      conditions.add(`x.customer_id = ${conditions.param(filter.customerId)}::uuid`);
    if (filter.workOrderId)
      conditions.add(`x.work_order_id = ${conditions.param(filter.workOrderId)}::uuid`);
    if (filter.dueBefore)
      conditions.add(`x.due_date < ${conditions.param(filter.dueBefore)}::date`);
    if (filter.dueAfter) conditions.add(`x.due_date > ${conditions.param(filter.dueAfter)}::date`);
    if (filter.isActive !== undefined)
      conditions.add(`x.is_active = ${conditions.param(filter.isActive)}`);
    const { key, descending } = sortOf<InvoiceSortKey>(sort);
    return keysetPage(this.db.manager, {
      columns: COLUMNS,
      table: 'invoices',
      conditions,
      sort: { name: key, ...SORTS[key], descending },
      limit,
      cursor,
      map: toView,
    });
  }

  private scoped(scope: InvoiceScope): SqlConditions {
    const conditions = new SqlConditions();
    conditions.add(`x.tenant_id = ${conditions.param(scope.tenantId)}`);
    if (scope.customerId) {
      conditions.add(`x.customer_id = ${conditions.param(scope.customerId)}`);
      conditions.add(`x.status <> 'draft'`);
    }
    return conditions;
  }
}
