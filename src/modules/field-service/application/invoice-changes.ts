import { Injectable } from '@nestjs/common';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db, type Actor } from '@opsledger/persistence';
import { Invoice } from '../domain/invoice.aggregate';
import { InvoiceRepository } from '../domain/invoice.repository';
import { FieldServiceViewers } from './field-service-viewer';

/**
 * The shape every change to an existing invoice shares: a dispatcher of the tenant, the invoice
 * loaded and locked, the If-Match version checked, one intent applied, the aggregate saved.
 */
@Injectable()
export class InvoiceChanges {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly invoices: InvoiceRepository,
  ) {}

  async apply(
    actor: Actor,
    invoiceId: string,
    expectedVersion: number | undefined,
    change: (invoice: Invoice) => void,
  ): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(actor);
    await this.db.transaction(async () => {
      const invoice = await this.invoices.findById(tenantId, invoiceId);
      if (!invoice) throw new NotFoundError('invoice', invoiceId);
      assertVersion(invoice, expectedVersion);
      change(invoice);
      await this.invoices.save(invoice);
    });
  }
}
