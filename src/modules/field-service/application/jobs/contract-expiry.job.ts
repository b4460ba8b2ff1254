import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { utcDate } from '../../domain/billing-values';
import { ExpireContractCommand } from '../commands/expire-contract/expire-contract.command';
import { BillingJobClaims } from './billing-job.claims';
import { BillingSweep, BillingSweeper } from './billing-sweeper';

/** Expires active contracts the day after their end date, each through its aggregate. */
@Injectable()
export class ContractExpiryJob {
  private readonly sweep: BillingSweep;

  constructor(
    private readonly sweeper: BillingSweeper,
    claims: BillingJobClaims,
    commands: CommandBus,
  ) {
    this.sweep = {
      name: 'contract-expiry',
      tenants: (today) => claims.tenantsWithEndedContracts(today),
      claim: (tenantId, today, skip) => claims.claimEndedContract(tenantId, today, skip),
      process: (actor, id, today) => commands.execute(new ExpireContractCommand(actor, id, today)),
    };
  }

  /** Returns the ids of the contracts this run expired. */
  run(options: { tenantId?: string; today?: string } = {}): Promise<string[]> {
    return this.sweeper.run(this.sweep, {
      tenantId: options.tenantId,
      today: options.today ?? utcDate(new Date()),
    });
  }
}
