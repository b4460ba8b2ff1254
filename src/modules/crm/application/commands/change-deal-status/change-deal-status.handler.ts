import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { DealRepository } from '../../../domain/deal.repository';
import { investorOf } from '../../crm-investor';
import { ownedDeal } from '../../owned-deal';
import { ChangeDealStatusCommand } from './change-deal-status.command';

/** Win, lose, archive or reopen by the deal lifecycle (409 with the allowed actions otherwise). */
@CommandHandler(ChangeDealStatusCommand)
export class ChangeDealStatusHandler implements ICommandHandler<ChangeDealStatusCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly deals: DealRepository,
  ) {}

  async execute(command: ChangeDealStatusCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const deal = await ownedDeal(this.deals, investor, command.dealId);
      assertVersion(deal, command.ifMatch);
      deal.transition(command.action, command.reason ?? null);
      await this.deals.save(deal);
    });
  }
}
