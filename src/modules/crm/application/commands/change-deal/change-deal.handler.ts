import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { DealRepository } from '../../../domain/deal.repository';
import { investorOf } from '../../crm-investor';
import { ownedDeal } from '../../owned-deal';
import { ChangeDealCommand } from './change-deal.command';

/** Terms, stage and next action of an active deal, each its own fact in the ledger. */
@CommandHandler(ChangeDealCommand)
export class ChangeDealHandler implements ICommandHandler<ChangeDealCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly deals: DealRepository,
  ) {}

  async execute(command: ChangeDealCommand): Promise<void> {
    const investor = investorOf(command.actor);
    const { stage, nextAction, nextActionDue, ...terms } = command.changes;
    await this.db.transaction(async () => {
      const deal = await ownedDeal(this.deals, investor, command.dealId);
      assertVersion(deal, command.ifMatch);
      deal.reviseTerms(terms);
      if (stage !== undefined) deal.moveToStage(stage);
      if (nextAction !== undefined || nextActionDue !== undefined)
        deal.planNextAction(
          nextAction === undefined ? deal.snapshot.nextAction : nextAction,
          nextActionDue === undefined ? deal.snapshot.nextActionDue : nextActionDue,
        );
      await this.deals.save(deal);
    });
  }
}
