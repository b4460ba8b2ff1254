import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InvoiceOverdueJob } from '../../jobs/invoice-overdue.job';
import { SweepOverdueInvoicesCommand } from './sweep-overdue-invoices.command';

/** A dispatcher need not wait for the next scheduled run; the changes are still the system's. */
@CommandHandler(SweepOverdueInvoicesCommand)
export class SweepOverdueInvoicesHandler implements ICommandHandler<
  SweepOverdueInvoicesCommand,
  string[]
> {
  constructor(
    private readonly viewers: FieldServiceViewers,
    private readonly job: InvoiceOverdueJob,
  ) {}

  async execute(command: SweepOverdueInvoicesCommand): Promise<string[]> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.job.run({ tenantId });
  }
}
