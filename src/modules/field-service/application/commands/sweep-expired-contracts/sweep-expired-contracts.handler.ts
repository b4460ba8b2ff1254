import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ContractExpiryJob } from '../../jobs/contract-expiry.job';
import { SweepExpiredContractsCommand } from './sweep-expired-contracts.command';

/** A dispatcher need not wait for the next scheduled run; the changes are still the system's. */
@CommandHandler(SweepExpiredContractsCommand)
export class SweepExpiredContractsHandler implements ICommandHandler<
  SweepExpiredContractsCommand,
  string[]
> {
  constructor(
    private readonly viewers: FieldServiceViewers,
    private readonly job: ContractExpiryJob,
  ) {}

  async execute(command: SweepExpiredContractsCommand): Promise<string[]> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.job.run({ tenantId });
  }
}
