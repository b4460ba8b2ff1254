import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { DealRepository } from '../../../domain/deal.repository';
import { investorOf } from '../../crm-investor';
import { ownedDeal } from '../../owned-deal';
import { AddDealNoteCommand } from './add-deal-note.command';

/** A note on the deal's timeline, through the ledger like every other timeline entry. */
@CommandHandler(AddDealNoteCommand)
export class AddDealNoteHandler implements ICommandHandler<AddDealNoteCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly deals: DealRepository,
  ) {}

  async execute(command: AddDealNoteCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      const deal = await ownedDeal(this.deals, investor, command.dealId);
      const id = randomUUID();
      deal.addNote(id, command.text);
      await this.deals.save(deal);
      return { id };
    });
  }
}
