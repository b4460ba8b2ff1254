import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InvoiceOverdueJob } from '../../jobs/invoice-overdue.job';
import { InvoiceSweepOverdueCommand } from './invoice-sweep-overdue.command';

/** A dispatcher need not wait for the next scheduled run; the changes are still the system's. */
@CommandHandler(InvoiceSweepOverdueCommand)
export class InvoiceSweepOverdueHandler implements ICommandHandler<
  InvoiceSweepOverdueCommand,
  string[]
> {
  constructor(
    private readonly viewers: FieldServiceViewers,
    private readonly job: InvoiceOverdueJob,
  ) {}

  async execute(command: InvoiceSweepOverdueCommand): Promise<string[]> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.job.run({ tenantId });
  }
}
