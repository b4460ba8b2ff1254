import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { utcDate } from '../../domain/billing-values';
import { MarkInvoiceOverdueCommand } from '../commands/mark-invoice-overdue/mark-invoice-overdue.command';
import { BillingJobClaims } from './billing-job.claims';
import { BillingSweep, BillingSweeper } from './billing-sweeper';

/** Marks sent invoices overdue the day after their due date, each through its aggregate. */
@Injectable()
export class InvoiceOverdueJob {
  private readonly sweep: BillingSweep;

  constructor(
    private readonly sweeper: BillingSweeper,
    claims: BillingJobClaims,
    commands: CommandBus,
  ) {
    this.sweep = {
      name: 'invoice-overdue',
      tenants: (today) => claims.tenantsWithOverdueInvoices(today),
      claim: (tenantId, today, skip) => claims.claimOverdueInvoice(tenantId, today, skip),
      process: (actor, id, today) =>
        commands.execute(new MarkInvoiceOverdueCommand(actor, id, today)),
    };
  }

  /** Returns the ids of the invoices this run marked overdue. */
  run(options: { tenantId?: string; today?: string } = {}): Promise<string[]> {
    return this.sweeper.run(this.sweep, {
      tenantId: options.tenantId,
      today: options.today ?? utcDate(new Date()),
    });
  }
}
